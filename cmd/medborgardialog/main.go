// Command medborgardialog runs the citizen-dialogue survey service and its
// tools. With no arguments (or "serve") it runs the server.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // the runtime image has no zone database; responses are filed by Swedish day
)

const usage = `usage: medborgardialog [command] [flags]

commands:
  serve         run the service (the default)
  survey        check, import or export survey definitions, YAML or XLSForm (survey check FILE..., survey import FILE..., survey export SLUG --out FILE)
  user          manage staff accounts and API tokens (user add, list, disable, enable, token, passwd)
  export        write a lägesbild workbook (export lagesbild --survey SLUG --out FILE [filters])
  backup        write an authenticated archive of the whole database (backup --out FILE [--snapshot])
  restore       verify an archive, show who it gives access, then restore it into an empty database (restore --in FILE [--force] [--unverified])
  demo          fill the database with synthetic responses (demo --responses N [--survey SLUG])
  healthcheck   exit 0 if the local service answers /healthz (for container health checks)

Configuration comes from the environment (see README); flags mirror it.
`

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, getenv, stderr)
	case "survey":
		return surveyCmd(args, getenv, stdout, stderr)
	case "user":
		return userCmd(args, getenv, stdout, stderr)
	case "export":
		return exportCmd(args, getenv, stdout, stderr)
	case "backup":
		return backupCmd(args, getenv, stdout, stderr)
	case "restore":
		return restoreCmd(args, getenv, stdout, stderr)
	case "demo":
		return demoCmd(args, getenv, stdout, stderr)
	case "healthcheck":
		return healthcheck(getenv, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "medborgardialog: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func serve(args []string, getenv func(string) string, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg, err := LoadConfig(getenv, args)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: configuration: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	began := time.Now()
	app, err := Start(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	log.Info("ready", "addr", app.Addr(), "base_url", cfg.BaseURL, "embedded", cfg.MongoURI == "", "startup", time.Since(began).Round(time.Millisecond))

	served := make(chan error, 1)
	go func() { served <- app.Serve() }()
	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("stopping: draining requests")
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if serr := app.Shutdown(shutCtx); serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		log.Error("stopped with error", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}
