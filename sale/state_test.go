package sale

import (
	"testing"
	"time"
)

func TestTransitions(t *testing.T) {
	allowed := map[[2]State]bool{}
	for from, tos := range transitions {
		for _, to := range tos {
			allowed[[2]State{from, to}] = true
		}
	}
	// Final and delivered states never move again.
	for _, from := range []State{StateDelivered, StateDeclined, StateNotSent} {
		for _, to := range States {
			if CanTransition(from, to) {
				t.Errorf("%s -> %s allowed", from, to)
			}
		}
	}
	must := [][2]State{{StateNew, StateSending}, {StateSending, StateInDoubt}, {StateInDoubt, StateSending}, {StateSending, StateDelivered}, {StatePending, StateDelivered}, {StateInDoubt, StateNeedsSupervisor}}
	for _, m := range must {
		if !allowed[m] {
			t.Errorf("%s -> %s refused", m[0], m[1])
		}
	}
	mustNot := [][2]State{{StateNew, StateDelivered}, {StateNew, StateNotSent}, {StateInDoubt, StateNotSent}, {StatePending, StateSending}}
	for _, m := range mustNot {
		if allowed[m] {
			t.Errorf("%s -> %s allowed", m[0], m[1])
		}
	}
}

func TestApply(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	o := Order{Provider: "flash", Kind: KindAirtime, Amount: New(1000, ZAR)}
	s, err := Sale{}.Apply(Event{Ref: "R1", Type: EventCreated, State: StateNew, Order: &o, At: at, Seq: 1})
	if err != nil || s.State != StateNew || s.Ref != "R1" {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := s.Apply(Event{Ref: "R1", Type: EventCreated, State: StateNew, Order: &o}); ErrorCode(err) != CodeConflict {
		t.Fatalf("created twice: %v", err)
	}
	if _, err := s.Apply(Event{Ref: "R1", Type: EventSending, State: StateSending, Attempt: 2}); ErrorCode(err) != CodeConflict {
		t.Fatalf("attempt 2 before attempt 1: %v", err)
	}
	if _, err := s.Apply(Event{Ref: "R2", Type: EventSending, State: StateSending, Attempt: 1}); ErrorCode(err) != CodeNotFound {
		t.Fatalf("event of another sale: %v", err)
	}
	s, err = s.Apply(Event{Ref: "R1", Type: EventSending, State: StateSending, Attempt: 1, Seq: 2})
	if err != nil {
		t.Fatal(err)
	}
	out := Outcome{Result: ResultDelivered, ProviderRef: "T9"}
	s, err = s.Apply(Event{Ref: "R1", Type: EventOutcome, State: StateDelivered, Outcome: &out, Seq: 3})
	if err != nil || s.State != StateDelivered || s.ProviderRef != "T9" || s.Events != 3 {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := s.Apply(Event{Ref: "R1", Type: EventOutcome, State: StateDeclined, Outcome: &out}); ErrorCode(err) != CodeConflict {
		t.Fatalf("DELIVERED -> DECLINED: %v", err)
	}
	s, err = s.Apply(Event{Ref: "R1", Type: EventReprinted, Seq: 4})
	if err != nil || s.Reprints != 1 || s.State != StateDelivered {
		t.Fatalf("reprint: %+v %v", s, err)
	}
}

func TestTargetMasked(t *testing.T) {
	if got := (Target{Value: "27821234567"}).Masked(); got != "278*****567" {
		t.Fatalf("%q", got)
	}
	if got := (Target{Value: "1234567"}).Masked(); got != "1*****7" {
		t.Fatalf("%q", got)
	}
	if got := (Target{Value: "1234"}).Masked(); got != "****" {
		t.Fatalf("%q", got)
	}
}
