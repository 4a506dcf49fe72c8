package main

import (
	"context"
	"errors"

	"github.com/ruche-lod/ruche/vocab"
)

// errPending marks subcommands whose engine has not landed yet.
var errPending = errors.New("not available in this build yet")

func runToken(ctx context.Context, e env, args []string) error { return errPending }
func runAudit(ctx context.Context, e env, args []string) error { return errPending }

// vocabValidateFile checks one file against ruche's shapes.
var vocabValidateFile = vocab.ValidateFile
