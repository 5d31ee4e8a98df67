package flash

import (
	"log/slog"

	"till/sale"
)

func levelFor(r sale.Result) slog.Level {
	if r == sale.ResultInDoubt {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func slogStr(k, v string) slog.Attr { return slog.String(k, v) }
