package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line bar on stderr for long jobs, redrawn at most
// ten times a second.
type progress struct {
	w     io.Writer
	label string
	total int
	last  time.Time
	start time.Time
}

func newProgress(w io.Writer, label string, total int) *progress {
	return &progress{w: w, label: label, total: total, start: time.Now()}
}

func (p *progress) set(n int) {
	if time.Since(p.last) < 100*time.Millisecond && n < p.total {
		return
	}
	p.last = time.Now()
	if p.total <= 0 || n > p.total {
		fmt.Fprintf(p.w, "\r%s %d", p.label, n)
		return
	}
	const width = 30
	filled := width
	if p.total > 0 {
		filled = min(width, n*width/p.total)
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), n, p.total)
}

func (p *progress) done() {
	fmt.Fprintf(p.w, "\r%s done in %s%s\n", p.label, time.Since(p.start).Round(time.Millisecond), strings.Repeat(" ", 40))
}
