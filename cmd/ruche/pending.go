package main

import (
	"context"
	"errors"
)

// errPending marks subcommands whose engine has not landed yet.
var errPending = errors.New("not available in this build yet")

func runQuery(ctx context.Context, e env, args []string) error    { return errPending }
func runValidate(ctx context.Context, e env, args []string) error { return errPending }
func runToken(ctx context.Context, e env, args []string) error    { return errPending }
func runAudit(ctx context.Context, e env, args []string) error    { return errPending }
func runBench(ctx context.Context, e env, args []string) error    { return errPending }
