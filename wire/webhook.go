package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"till/config"

	"till/providers/flowix"
	"till/sale"
)

// WebhookPath is where the till receives Flowix's webhooks: configure
// Flowix (or the reverse proxy in front of the till) to POST to
// http://<webhook_listen><WebhookPath>.
const WebhookPath = "/flowix/webhook"

// webhookSettleTime bounds the status query a webhook triggers, so the
// answer reaches Flowix before it gives up on the delivery.
const webhookSettleTime = 4 * time.Second

// webhookSink is what the till does with a verified Flowix webhook. It
// never trusts the event beyond its signature: it finds the unresolved
// sale the event names and settles it through the engine (a status query,
// as the provider declares), so the state comes from Flowix's answer, is
// journaled by the engine, and only ever moves forward. When the query does
// not confirm the event (yet), the event itself is journaled as a note on
// the sale. Either way the journal is written before the sink returns, and
// the handler answers 2xx only then.
type webhookSink struct {
	engine *sale.Engine
	log    *slog.Logger
	now    func() time.Time
}

// Sink is the flowix.Sink of s.
func (s *webhookSink) Sink(ctx context.Context, ev flowix.Event) error {
	target, found, err := s.find(ev)
	if err != nil {
		return err // the journal cannot be read: 500, Flowix delivers it again
	}
	log := s.log.With("event", ev.ID, "type", ev.Type, "flowix_ref", ev.Ref, "status", ev.Status)
	if !found {
		// A sale already settled (or not this till's): nothing to move.
		log.Info("flowix webhook about no unresolved sale; nothing to do")
		return nil
	}
	log = log.With("ref", target.Ref, "state", target.State)
	next, err := sale.StateFor(ev.Result())
	if err != nil || !flowix.Forward(target.State, next) {
		log.Info("flowix webhook would not move the sale forward; ignored")
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, webhookSettleTime)
	defer cancel()
	after, err := s.settle(ctx, target.Ref)
	if err != nil && sale.ErrorCode(err) != sale.CodeConflict {
		log.Warn("flowix webhook: settling the sale", "err", err)
	}
	if after.Ref == target.Ref && after.State != target.State {
		log.Info("flowix webhook: sale settled by its status query", "now", after.State)
		return nil
	}
	// The status query did not confirm the event (Flowix lagging, the sale
	// waiting for a supervisor, or no answer): keep the event itself.
	note := fmt.Sprintf("Flowix webhook %s says %q; its status query did not confirm it yet", ev.ID, ev.Status)
	if _, err := s.engine.Note(target.Ref, note, ""); err != nil {
		return err
	}
	log.Info("flowix webhook journaled as a note; the resolver keeps checking")
	return nil
}

// find returns the unresolved Flowix sale an event names: by our reference
// (pulsa, payouts), or by what Flowix knows the sale by — the inquiry id of
// a bill, the DEP reference of a deposit — which the sale holds as its
// PendingID. The unresolved list is small; the journal has no index by
// PendingID.
func (s *webhookSink) find(ev flowix.Event) (sale.Sale, bool, error) {
	open, err := s.engine.Unresolved()
	if err != nil {
		return sale.Sale{}, false, err
	}
	for _, sl := range open {
		if sl.Order.Provider != flowix.ProviderName || !eventFits(ev.Type, sl.Order.Kind) {
			continue
		}
		if string(sl.Ref) == ev.Ref || sl.PendingID == ev.Ref ||
			(sl.Order.Kind == sale.KindBill && sl.Order.Params[flowix.ParamInquiryID] == ev.Ref) {
			return sl, true, nil
		}
	}
	return sale.Sale{}, false, nil
}

// eventFits reports whether an event type can be about a sale of kind k.
func eventFits(typ string, k sale.Kind) bool {
	switch typ {
	case flowix.EventDeposit:
		return k == sale.KindDeposit || k == sale.KindTenderQRIS
	case flowix.EventPayout:
		return k == sale.KindPayout
	case flowix.EventTransaction:
		return k == sale.KindPulsa || k == sale.KindBill
	}
	return false
}

// settle asks the engine to settle ref now. While another request for the
// sale is in flight (the screen's poll, the resolver), it waits for that
// one: if it settled the sale, there is nothing left to do.
func (s *webhookSink) settle(ctx context.Context, ref sale.Reference) (sale.Sale, error) {
	for {
		after, err := s.engine.SettleNow(ctx, ref)
		if sale.ErrorCode(err) != sale.CodeConflict {
			return after, err
		}
		select {
		case <-ctx.Done():
			cur, rerr := s.engine.Reader().Sale(ref)
			if rerr != nil {
				return after, err
			}
			return cur, err
		case <-time.After(50 * time.Millisecond):
		}
		cur, rerr := s.engine.Reader().Sale(ref)
		if rerr == nil && !cur.State.Unresolved() {
			return cur, nil
		}
	}
}

// webhookServer is the running webhook listener.
type webhookServer struct {
	srv *http.Server
	ln  net.Listener
	// URL is where Flowix must POST: http://host:port/flowix/webhook.
	URL string
}

// startWebhook listens on addr (host:port; port 0 picks one) and serves h
// at WebhookPath until Close. The listener speaks plain HTTP: put it on
// loopback behind a TLS reverse proxy or tunnel that Flowix can reach.
func startWebhook(addr string, h http.Handler) (*webhookServer, error) {
	if err := config.CheckListenAddr(addr); err != nil {
		return nil, config.Errorf("[flowix] webhook_listen: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, config.Errorf("[flowix] webhook_listen: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle(WebhookPath, h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	go func() { _ = srv.Serve(ln) }()
	return &webhookServer{srv: srv, ln: ln, URL: "http://" + ln.Addr().String() + WebhookPath}, nil
}

// Close stops the listener, letting events being handled finish (for a
// few seconds at most).
func (w *webhookServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// flowixWebhook starts the webhook listener of t when it is wanted: at
// [flowix] webhook_listen, or, in demo mode, on 127.0.0.1:0 with the demo
// sandbox's webhooks pointed at it (setURL). It returns the listener, or
// nil when none is wanted.
func (t *Till) flowixWebhook(c *flowix.Client, setURL func(string) error) (*webhookServer, error) {
	addr := ""
	switch {
	case t.Cfg.Flowix == nil || c == nil:
		return nil, nil
	case t.Cfg.Flowix.WebhookListen != "":
		addr = t.Cfg.Flowix.WebhookListen
	case t.Cfg.Demo:
		addr = "127.0.0.1:0"
	default:
		return nil, nil
	}
	sink := &webhookSink{engine: t.Engine, log: t.Log.With("component", "flowix-webhook"), now: t.Engine.Now}
	h := c.WebhookHandler(sink.Sink, flowix.WithMerchant(t.Cfg.Flowix.MerchantID), flowix.WithClock(t.Engine.Now))
	ws, err := startWebhook(addr, h)
	if err != nil {
		return nil, err
	}
	if setURL != nil {
		if err := setURL(ws.URL); err != nil {
			ws.Close()
			return nil, fmt.Errorf("demo sandbox webhooks: %w", err)
		}
	}
	t.Log.Info("flowix webhook listener started", "url", ws.URL)
	return ws, nil
}
