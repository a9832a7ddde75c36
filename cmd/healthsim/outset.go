package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// setMarker is written into every output set. A folder that holds files but no marker was not
// written by healthsim, and is never replaced: --out is swapped whole, so a wrong --out must not
// cost a user their own files.
const setMarker = ".healthsim-output"

const markerText = "This folder is a healthsim output set. The next run into it replaces it whole.\n"

// writeSet makes dir hold exactly files, or leaves it as it was. The files are written into a
// temporary folder beside dir, synced to disk, and swapped in with one rename, so that a crash,
// a full disk or a signal at any point leaves either the previous set or the new one complete.
// Temporaries left by a killed run are removed first. Cancelling ctx before the swap leaves dir
// unchanged and returns ctx's error.
func writeSet(ctx context.Context, dir string, files map[string][]byte) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(dir, cwd); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return usageError{fmt.Errorf("--out %s: is the current folder or holds it, and a run replaces the whole folder (allowed: a folder below the current one, e.g. --out out)", dir)}
		}
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	removeStale(parent, base)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix(base, "tmp"))
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if err := fillSet(ctx, tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := ctx.Err(); err != nil { // the last moment a signal still leaves --out untouched
		os.RemoveAll(tmp)
		return err
	}
	if err := swapIn(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("output: %s: %w", dir, err)
	}
	return nil
}

// tempPrefix names a temporary folder beside --out: hidden, tied to the output folder's name,
// and carrying the process id so that the next run can tell a dead run's leftovers from a live
// run's work in progress.
func tempPrefix(base, kind string) string {
	return "." + base + "." + kind + "-" + strconv.Itoa(os.Getpid()) + "-"
}

// removeStale deletes the temporary folders of runs into the same --out that are no longer alive.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := staleOwner(e.Name(), base)
		if ok && pid != os.Getpid() && !processAlive(pid) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// staleOwner parses ".BASE.tmp-PID-RANDOM" (or .old-) and returns PID.
func staleOwner(name, base string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return 0, false
	}
	for _, kind := range []string{"tmp-", "old-"} {
		if r, ok := strings.CutPrefix(rest, kind); ok {
			pid, _, found := strings.Cut(r, "-")
			n, err := strconv.Atoi(pid)
			return n, found && err == nil && n > 0
		}
	}
	return 0, false
}

// checkReplaceable refuses to replace a folder that holds files healthsim did not write.
func checkReplaceable(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output: %w", err)
	case !fi.IsDir():
		return usageError{fmt.Errorf("--out %s: is a file (allowed: a new folder, or the output folder of an earlier run)", dir)}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if len(entries) == 0 || slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == setMarker }) {
		return nil
	}
	return usageError{fmt.Errorf("--out %s: holds files healthsim did not write, and a run replaces the whole folder (allowed: a new or empty folder, or the output folder of an earlier run)", dir)}
}

// fillSet writes every file and the marker into dir and syncs files and folders to disk.
func fillSet(ctx context.Context, dir string, files map[string][]byte) error {
	names := append(slices.Sorted(maps.Keys(files)), setMarker)
	dirs := map[string]bool{dir: true}
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		data := files[n]
		if n == setMarker {
			data = []byte(markerText)
		}
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("output: %w", err)
		}
		dirs[filepath.Dir(p)] = true
		if err := writeSynced(p, data); err != nil {
			return fmt.Errorf("output: %s: %w", n, err)
		}
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	return os.Chmod(dir, 0o755)
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// swapIn puts the complete set tmp in place of dir and removes the previous set.
func swapIn(tmp, dir string) error {
	parent := filepath.Dir(dir)
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		return syncDir(parent)
	}
	old := tmp
	if err := exchange(tmp, dir); err != nil {
		// No atomic exchange on this system: move the old set aside first. A crash between the
		// two renames leaves dir missing and the old set in a hidden folder beside it.
		old = filepath.Join(parent, tempPrefix(filepath.Base(dir), "old")+filepath.Base(tmp))
		if err := os.Rename(dir, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			return errors.Join(err, os.Rename(old, dir))
		}
	}
	if err := syncDir(parent); err != nil {
		return err
	}
	return os.RemoveAll(old)
}
