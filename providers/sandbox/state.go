package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// stateVersion is the version of the state file's layout.
const stateVersion = 1

// stateFile is the persisted state of every simulator.
type stateFile struct {
	Version   int                        `json:"version"`
	Providers map[string]json.RawMessage `json:"providers"`
}

// load reads the state file, if any, into the simulators.
func (s *Server) load() error {
	if s.opts.StatePath == "" {
		return nil
	}
	b, err := os.ReadFile(s.opts.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	var f stateFile
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("sandbox state %s is not valid JSON: %w", s.opts.StatePath, err)
	}
	if f.Version != stateVersion {
		return fmt.Errorf("sandbox state %s has version %d, want %d", s.opts.StatePath, f.Version, stateVersion)
	}
	for _, sim := range s.sims {
		raw, ok := f.Providers[sim.name()]
		if !ok {
			continue
		}
		if err := sim.restore(raw); err != nil {
			return fmt.Errorf("sandbox state %s, %s: %w", s.opts.StatePath, sim.name(), err)
		}
		s.states[sim.name()] = raw
	}
	return nil
}

// restoreState is how every simulator comes back from its saved state:
// raw decoded, then, holding mu, the simulator emptied (clear) and the
// state laid in (apply).
func restoreState[T any](raw json.RawMessage, mu *sync.Mutex, clear func(), apply func(*T)) error {
	var st T
	if err := json.Unmarshal(raw, &st); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	clear()
	apply(&st)
	return nil
}

// resetState empties a simulator (clear) and saves it (persist), holding mu.
func resetState(mu *sync.Mutex, clear func(), persist func() error) error {
	mu.Lock()
	defer mu.Unlock()
	clear()
	return persist()
}

// keep makes *dst the saved src, when the state held it (a file from an
// older sandbox may lack a map; clear has made dst an empty one).
func keep[M ~map[K]V, K comparable, V any](dst *M, src M) {
	if src != nil {
		*dst = src
	}
}

// save records a simulator's state and, with a StatePath, writes the whole
// file atomically before returning. Simulators call it while holding their
// own lock, before they answer, like a provider committing before replying.
func (s *Server) save(name string, state json.RawMessage) error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.states[name] = state
	if s.opts.StatePath == "" {
		return nil
	}
	b, err := json.MarshalIndent(stateFile{Version: stateVersion, Providers: s.states}, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(s.opts.StatePath, b)
}

// writeAtomic writes data to path via a temp file in the same directory:
// write, fsync, rename, fsync the directory.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not supported everywhere; the rename is what matters
		_ = d.Close()
	}
	return nil
}
