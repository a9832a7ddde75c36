// Command healthsim projects the indicators of Zhejiang health plans to their target years with
// Monte Carlo simulation, and reports how likely each target is to be met under a funding scenario.
//
// Usage:
//
//	healthsim run [--config FILE]...      run a scenario (the embedded default without --config)
//	healthsim compare --config FILE...    compare funding allocations on common random numbers
//	healthsim indicators [--region NAME]  show the indicator catalogue
//	healthsim validate --config FILE...   check config files without running them
//	healthsim backtest [--series FILE]    score the status-quo model on history (embedded public panel)
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
