package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Journal is the journal check's input.
type Journal struct {
	// Path is the journal file.
	Path string
	// Open opens the journal (or uses the one the running till holds) and
	// reads its counts; it writes nothing. Nil: the file is not opened.
	Open func() (JournalStats, error)
	// Explain turns an Open error into what happened and what to do.
	Explain func(error) (detail, fix string)
	// Key is the till's key file (key.go); nil: not checked.
	Key *KeyFile
}

// JournalStats are what Open read.
type JournalStats struct {
	Sales      uint64
	Unresolved int
}

// check: the file (or, before the first start, its directory) is
// writable, owner-only, on a file system with room, and opens.
func (j *Journal) check(minFree uint64) Check {
	c := Check{Name: "journal", Area: AreaJournal}
	if abs, err := filepath.Abs(j.Path); err == nil {
		j.Path = abs // messages name the file wherever the till was started
	}
	fail := func(detail, fix string) Check { c.Status, c.Detail, c.Fix = Fail, detail, fix; return c }
	fi, err := os.Stat(j.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir, err := nearestDir(filepath.Dir(j.Path))
		if err != nil {
			return fail(fmt.Sprintf("%s: no directory to create it in: %v", j.Path, err), "set [till] journal to a path on a local disk the till's user can write")
		}
		if err := dirWritable(dir); err != nil {
			return fail(fmt.Sprintf("%s does not exist yet and %s is not writable (%v)", j.Path, dir, unwrapPath(err)),
				fmt.Sprintf("give the till's user write access to %s (chown), or set [till] journal elsewhere", dir))
		}
		free, ferr := freeBytes(dir)
		if ferr == nil && free < minFree {
			return fail(fmt.Sprintf("%s does not exist yet; only %s free on its file system", j.Path, bytesText(free)),
				fmt.Sprintf("free at least %s on the file system holding %s", bytesText(minFree), dir))
		}
		c.Status = OK
		c.Detail = fmt.Sprintf("%s does not exist yet: the till creates it (mode 0600) when it first starts; %s is writable", j.Path, dir)
		if ferr == nil {
			c.Detail += ", " + bytesText(free) + " free"
		}
		return c
	case err != nil:
		return fail(fmt.Sprintf("%s cannot be read: %v", j.Path, unwrapPath(err)), "check the path in [till] journal and its directory's permissions")
	case !fi.Mode().IsRegular():
		return fail(j.Path+" is not a regular file", "set [till] journal to a file")
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fail(fmt.Sprintf("%s has mode %04o: other users can read the shop's sales", j.Path, perm), "chmod 600 "+j.Path)
	}
	// Writable: opened for writing and closed again, nothing written.
	f, err := os.OpenFile(j.Path, os.O_WRONLY, 0)
	if err != nil {
		return fail(fmt.Sprintf("%s is not writable: %v", j.Path, unwrapPath(err)), "give the till's user ownership of the journal: chown USER "+j.Path)
	}
	f.Close()
	dir := filepath.Dir(j.Path)
	free, ferr := freeBytes(dir)
	if ferr == nil && free < minFree {
		return fail(fmt.Sprintf("only %s free on the file system holding %s", bytesText(free), j.Path),
			fmt.Sprintf("free at least %s there: a sale cannot be journaled on a full disk", bytesText(minFree)))
	}
	var st JournalStats
	if j.Open != nil {
		if st, err = j.Open(); err != nil {
			detail, fix := err.Error(), "run till verify, and see the README's \"Going live\""
			if j.Explain != nil {
				detail, fix = j.Explain(err)
			}
			return fail(detail, fix)
		}
	}
	c.Status = OK
	c.Detail = fmt.Sprintf("%s: opens, writable, mode %04o", j.Path, fi.Mode().Perm())
	if j.Open != nil {
		c.Detail += fmt.Sprintf(", %d sales (%d unresolved)", st.Sales, st.Unresolved)
	}
	if ferr == nil {
		c.Detail += ", " + bytesText(free) + " free"
	}
	return c
}

// nearestDir is dir or its nearest existing ancestor (the till creates
// the rest, mode 0700).
func nearestDir(dir string) (string, error) {
	for {
		fi, err := os.Stat(dir)
		if err == nil {
			if !fi.IsDir() {
				return "", fmt.Errorf("%s is not a directory", dir)
			}
			return dir, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", unwrapPath(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", err
		}
		dir = parent
	}
}

// dirWritable creates and removes a file in dir.
func dirWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".till-doctor-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// unwrapPath drops the *PathError's op and path, which the message says.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// bytesText is a size for people: "512 MiB", "12.3 GiB".
func bytesText(n uint64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%d.%d GiB", n>>30, (n&(1<<30-1))*10>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
