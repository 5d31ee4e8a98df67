package providers

import (
	"context"
	"log/slog"
	"time"

	"till/sale"
)

// Call is what is logged about one HTTP exchange: never headers, bodies or a
// query string, so nothing secret can be in it.
type Call struct {
	Provider string
	Method   string
	Path     string // URL path only
	Status   int    // 0 when no answer was read
	Duration time.Duration
	Ref      sale.Reference
	Err      error // a *TransportError or *TokenError, whose messages are safe
}

// OrDiscard is l, or a logger that discards when l is nil.
func OrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// LogCall writes one line for c: Info when an answer was read, Warn when the
// call failed. A nil logger discards.
func LogCall(ctx context.Context, l *slog.Logger, c Call) {
	if l == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("provider", c.Provider),
		slog.String("method", c.Method),
		slog.String("path", c.Path),
		slog.Int("status", c.Status),
		slog.Duration("duration", c.Duration.Round(time.Millisecond)),
	}
	if c.Ref != "" {
		attrs = append(attrs, slog.String("ref", string(c.Ref)))
	}
	level := slog.LevelInfo
	if c.Err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", c.Err.Error()))
	}
	l.LogAttrs(ctx, level, "provider call", attrs...)
}
