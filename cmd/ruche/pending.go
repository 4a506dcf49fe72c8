package main

import (
	"errors"

	"github.com/ruche-lod/ruche/vocab"
)

// errPending marks subcommands whose engine has not landed yet.
var errPending = errors.New("not available in this build yet")

// vocabValidateFile checks one file against ruche's shapes.
var vocabValidateFile = vocab.ValidateFile
