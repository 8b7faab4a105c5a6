// Package tour prints the deploy examples' narration: lines stamped with
// the deploy time (scaled by the example's speed-up), section titles, and
// the verdicts of analyses with the checks that did not pass.
package tour

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ucdeploy/ucdeploy/validate"
)

// Log prints time-stamped lines. It is safe for concurrent use: the
// engine's events arrive from its goroutines.
type Log struct {
	out     io.Writer
	speedup time.Duration
	mu      sync.Mutex
	start   time.Time
}

// NewLog returns a log writing to out, where one real second stands for
// speedup seconds of deploy time.
func NewLog(out io.Writer, speedup time.Duration) *Log {
	return &Log{out: out, speedup: speedup, start: time.Now()}
}

// Restart makes the current moment deploy time zero.
func (l *Log) Restart() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = time.Now()
}

// Printf prints a line stamped with the deploy time since Restart.
func (l *Log) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := (time.Since(l.start) * l.speedup).Round(time.Minute)
	fmt.Fprintf(l.out, "  [+%2dm] %s\n", int(at.Minutes()), fmt.Sprintf(format, args...))
}

// Analysis prints a verdict with its counts, then one line per check that
// did not pass; step is padded to width.
func (l *Log) Analysis(step string, width int, verdict validate.Verdict, r *validate.Report) {
	msg := string(verdict)
	if r != nil {
		pass, fail, inc := r.Counts()
		msg += fmt.Sprintf(" (%d checks passed, %d failed, %d inconclusive)", pass, fail, inc)
	}
	l.Printf("%s %s", Pad(step, width), msg)
	if r == nil {
		return
	}
	for _, p := range r.Pairs {
		for _, res := range p.Results {
			if res.Verdict != validate.Pass {
				l.Printf("%s   %s %s: %s", Pad("", width), p.Name, res.Check, res.Reason)
			}
		}
	}
}

// Section prints a section title.
func Section(w io.Writer, title string) {
	fmt.Fprintf(w, "\n== %s\n", title)
}

// Pad right-pads s with spaces to n bytes.
func Pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}

// Short cuts s to n bytes, marking the cut with an ellipsis.
func Short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
