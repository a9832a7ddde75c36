package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readSet returns every file under dir by its slash-separated relative name.
func readSet(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	set := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		set[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// leftovers lists the temporary folders beside out.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if _, ok := staleOwner(e.Name(), filepath.Base(out)); ok {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestWriteSet(t *testing.T) {
	ctx := context.Background()
	first := map[string][]byte{"a.csv": []byte("1"), "charts/x.png": []byte("x"), "charts/y.png": []byte("y")}
	second := map[string][]byte{"a.csv": []byte("2"), "charts/x.png": []byte("x2")}

	t.Run("a second set replaces the first whole", func(t *testing.T) {
		out := outDir(t)
		for _, files := range []map[string][]byte{first, second} {
			if err := writeSet(ctx, out, files); err != nil {
				t.Fatal(err)
			}
			got := readSet(t, out)
			if string(got[setMarker]) != markerText {
				t.Errorf("marker %q", got[setMarker])
			}
			delete(got, setMarker)
			if len(got) != len(files) {
				t.Errorf("folder holds %d files, want exactly the set's %d: %v", len(got), len(files), slices.Sorted(maps.Keys(got)))
			}
			for n, data := range files {
				if !bytes.Equal(got[n], data) {
					t.Errorf("%s = %q, want %q", n, got[n], data)
				}
			}
			if l := leftovers(t, out); len(l) > 0 {
				t.Errorf("temporaries left: %v", l)
			}
		}
	})

	t.Run("cancelled before the swap", func(t *testing.T) {
		out := outDir(t)
		if err := writeSet(ctx, out, first); err != nil {
			t.Fatal(err)
		}
		before := readSet(t, out)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := writeSet(cctx, out, second); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if after := readSet(t, out); !setsEqual(before, after) {
			t.Error("a cancelled write changed --out")
		}
		if l := leftovers(t, out); len(l) > 0 {
			t.Errorf("temporaries left: %v", l)
		}
	})

	t.Run("a folder of other files is not replaced", func(t *testing.T) {
		out := outDir(t)
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, out, "thesis.docx", "years of work")
		err := writeSet(ctx, out, first)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "did not write") {
			t.Fatalf("err = %v, want a usage error about files healthsim did not write", err)
		}
		if got := readSet(t, out); len(got) != 1 || string(got["thesis.docx"]) != "years of work" {
			t.Errorf("folder now holds %v", slices.Sorted(maps.Keys(got)))
		}
	})

	t.Run("the current folder or one holding it is refused", func(t *testing.T) {
		dir := t.TempDir()
		sub := filepath.Join(dir, "work")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(sub)
		for _, out := range []string{".", "..", sub, dir} {
			var ue usageError
			if err := writeSet(ctx, out, first); !errors.As(err, &ue) || !strings.Contains(err.Error(), "current folder") {
				t.Errorf("--out %s: %v, want a usage error", out, err)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("the refused writes left %v", entries)
		}
		if err := writeSet(ctx, "out", first); err != nil { // a folder below the current one
			t.Fatal(err)
		}
	})

	t.Run("temporaries of a dead run are removed, a live run's kept", func(t *testing.T) {
		out := outDir(t)
		dead := deadPID(t)
		deadTmp := filepath.Join(filepath.Dir(out), fmt.Sprintf(".out.tmp-%d-123", dead))
		deadOld := filepath.Join(filepath.Dir(out), fmt.Sprintf(".out.old-%d-456", dead))
		liveTmp := filepath.Join(filepath.Dir(out), fmt.Sprintf(".out.tmp-%d-789", os.Getppid()))
		for _, d := range []string{deadTmp, deadOld, liveTmp} {
			if err := os.MkdirAll(filepath.Join(d, "charts"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, d, "result.json", "{")
		}
		if err := writeSet(ctx, out, first); err != nil {
			t.Fatal(err)
		}
		if l := leftovers(t, out); !slices.Equal(l, []string{filepath.Base(liveTmp)}) {
			t.Errorf("left %v, want only the live run's %s", l, filepath.Base(liveTmp))
		}
	})
}

func TestStaleOwner(t *testing.T) {
	cases := []struct {
		name string
		pid  int
		ok   bool
	}{
		{".out.tmp-123-456", 123, true},
		{".out.old-9-x", 9, true},
		{".out.tmp-abc-1", 0, false},
		{".out.tmp-123", 0, false},
		{".other.tmp-123-4", 0, false},
		{"out", 0, false},
		{".out.tmp--5-1", 0, false},
	}
	for _, tc := range cases {
		pid, ok := staleOwner(tc.name, "out")
		if ok != tc.ok || (ok && pid != tc.pid) {
			t.Errorf("staleOwner(%q) = %d, %v; want %d, %v", tc.name, pid, ok, tc.pid, tc.ok)
		}
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func setsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for n, d := range a {
		if e, ok := b[n]; !ok || !bytes.Equal(d, e) {
			return false
		}
	}
	return true
}

// buildBinary builds the real program into a temporary folder and returns its path and an
// environment without the developer's HEALTHSIM_* settings.
func buildBinary(t *testing.T) (bin string, environ []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goTool); err != nil {
			t.Skip("no go tool to build the binary with")
		}
	}
	bin = filepath.Join(t.TempDir(), "healthsim")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEALTHSIM_") {
			environ = append(environ, kv)
		}
	}
	return bin, environ
}

// comparable drops what differs between two runs of the same seed: result.json's timing.
var reportDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC`)

func comparable(t *testing.T, set map[string][]byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for n, d := range set {
		out[n] = d
	}
	if d, ok := set["report.html"]; ok { // its date is to the minute: runs a minute apart differ
		out["report.html"] = reportDate.ReplaceAll(d, []byte("DATE"))
	}
	if d, ok := set["result.json"]; ok {
		var doc map[string]any
		if err := json.Unmarshal(d, &doc); err != nil {
			t.Fatalf("result.json: %v", err)
		}
		delete(doc, "run")
		out["result.json"], _ = json.Marshal(doc)
	}
	return out
}

// TestBinaryOutputSet kills the real program with SIGKILL at several points of writing its output
// set into an --out that holds an earlier run, and finds --out either untouched or holding the
// complete new run, never a mixture; the next run removes the killed runs' temporaries. SIGINT
// and SIGTERM after the simulation leave --out untouched with exit code 130.
func TestBinaryOutputSet(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("watches the temporary folder with Linux semantics; skipped on " + runtime.GOOS)
	}
	bin, environ := buildBinary(t)
	dir := t.TempDir()
	run := func(out, seed string) *exec.Cmd {
		cmd := exec.Command(bin, "run", "--config", mustAbs(t, example("huzhou-plan.yaml")), "--runs", "2000", "--seed", seed, "--quiet", "--out", out)
		cmd.Env, cmd.Dir = environ, dir
		return cmd
	}
	// The two complete sets a killed run may leave: the earlier run's and the new one's.
	refOld, refNew := filepath.Join(dir, "ref-old"), filepath.Join(dir, "ref-new")
	for _, c := range []*exec.Cmd{run(refOld, "1"), run(refNew, "2")} {
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", c.Args, err, out)
		}
	}
	oldSet, newSet := comparable(t, readSet(t, refOld)), comparable(t, readSet(t, refNew))
	if len(oldSet) < 10 {
		t.Fatalf("a run wrote only %d files", len(oldSet))
	}
	out := filepath.Join(dir, "out")
	if err := os.Rename(refOld, out); err != nil {
		t.Fatal(err)
	}
	// Kill once the temporary set holds at least this many files (-1: as soon as the folder exists).
	var sawNew, sawOld int
	for _, after := range []int{-1, 1, len(newSet) / 2, len(newSet) - 1, 1 << 20} {
		cmd := run(out, "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killWhenWritten(t, cmd, out, after)
		got := comparable(t, readSet(t, out))
		switch {
		case setsEqual(got, oldSet):
			sawOld++
		case setsEqual(got, newSet):
			sawNew++
			restoreOld(t, bin, environ, dir, out) // the next trial starts from the earlier run again
		default:
			t.Fatalf("killed after %d files: --out holds neither the earlier nor the new complete run: differs from the earlier in %v, from the new in %v", after, diffNames(got, oldSet), diffNames(got, newSet))
		}
	}
	t.Logf("after SIGKILL: %d times the earlier run, %d times the complete new one", sawOld, sawNew)
	if sawOld == 0 {
		t.Error("no kill landed before the swap: the test did not exercise a write in progress")
	}
	restoreOld(t, bin, environ, dir, out)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("the next run left the killed runs' temporaries: %v", l)
	}

	// SIGINT or SIGTERM after the simulation, while charts are drawn or files written, cancels
	// the run: exit 130 and --out unchanged.
	signals := []struct {
		sig   syscall.Signal
		after int // -2: one second after the start, while charts are drawn
	}{{syscall.SIGINT, -2}, {syscall.SIGTERM, -2}, {syscall.SIGINT, -1}, {syscall.SIGTERM, 3}}
	cancelled := 0
	for _, tc := range signals {
		cmd := run(out, "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		err := signalWhen(cmd, out, tc.after, tc.sig)
		got := comparable(t, readSet(t, out))
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == exitCancelled:
			cancelled++
			if !setsEqual(got, oldSet) {
				t.Errorf("%v after %d files: exit 130 but --out changed: %v", tc.sig, tc.after, diffNames(got, oldSet))
			}
		case err == nil: // on a loaded machine the signal may come after the swap: then it is complete
			if !setsEqual(got, newSet) {
				t.Errorf("%v after %d files: exit 0 but --out is not the new run: %v", tc.sig, tc.after, diffNames(got, newSet))
			}
			restoreOld(t, bin, environ, dir, out)
		default:
			t.Errorf("%v after %d files: %v, want exit code %d", tc.sig, tc.after, err, exitCancelled)
		}
	}
	if cancelled == 0 {
		t.Error("no signal landed before the swap: the test did not exercise a cancellation")
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("a cancelled run left temporaries: %v", l)
	}
}

// signalWhen sends sig once the run's temporary set holds n files (-2: one second after the
// start) and returns the run's exit.
func signalWhen(cmd *exec.Cmd, out string, n int, sig syscall.Signal) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	start := time.Now()
	for {
		select {
		case err := <-done:
			return err
		default:
		}
		count, ok := tempFiles(out, cmd.Process.Pid)
		if (n == -2 && time.Since(start) > time.Second) || (n > -2 && ok && count >= n) {
			_ = cmd.Process.Signal(sig)
			return <-done
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// restoreOld puts the earlier run (seed 1) back into out.
func restoreOld(t *testing.T, bin string, environ []string, dir, out string) {
	t.Helper()
	cmd := exec.Command(bin, "run", "--config", mustAbs(t, example("huzhou-plan.yaml")), "--runs", "2000", "--seed", "1", "--quiet", "--out", out)
	cmd.Env, cmd.Dir = environ, dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
}

// killWhenWritten sends SIGKILL once the run's temporary set beside out holds n files, or when
// the run ends on its own.
func killWhenWritten(t *testing.T, cmd *exec.Cmd, out string, n int) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case <-done:
			return
		case <-deadline:
			_ = cmd.Process.Kill()
			<-done
			t.Fatal("the run did not end within 60s")
		default:
		}
		if count, ok := tempFiles(out, cmd.Process.Pid); ok && count >= n {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// tempFiles counts the files in the temporary set of process pid, if it exists.
func tempFiles(out string, pid int) (int, bool) {
	prefix := fmt.Sprintf(".%s.tmp-%d-", filepath.Base(out), pid)
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		n := 0
		_ = filepath.WalkDir(filepath.Join(filepath.Dir(out), e.Name()), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n, true
	}
	return 0, false
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestFullDisk runs into an --out on a small tmpfs that holds one run without charts but not one
// with them: the run with charts fails, and --out still holds the earlier run, with no temporaries.
func TestFullDisk(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mounts a tmpfs; skipped on " + runtime.GOOS)
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a 1 MiB tmpfs to fill (needs root; %v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	out := filepath.Join(mnt, "out")
	plan := example("huzhou-plan.yaml")
	runCLI(t, "run", "--config", plan, "--runs", "2000", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	before := readSet(t, out)
	r := runCLI(t, "run", "--config", plan, "--runs", "2000", "--seed", "7", "--quiet", "--out", out)
	if r.code != exitFailure || !strings.Contains(r.stderr, "no space left on device") {
		t.Fatalf("exit %d, stderr %q; want %d and \"no space left on device\"", r.code, r.stderr, exitFailure)
	}
	if !setsEqual(before, readSet(t, out)) {
		t.Error("the failed run changed --out")
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("temporaries left on the full disk: %v", l)
	}
}

// diffNames lists the files that differ between two sets.
func diffNames(a, b map[string][]byte) []string {
	var names []string
	for n := range maps.Keys(a) {
		if !bytes.Equal(a[n], b[n]) {
			names = append(names, n)
		}
	}
	for n := range maps.Keys(b) {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// TestWriteAtomicRemovesStaleTemporary: a partial file's temporary left by a killed shard is
// removed by the next write of that file; a live process's is kept.
func TestWriteAtomicRemovesStaleTemporary(t *testing.T) {
	dir := t.TempDir()
	dead := writeFile(t, dir, fmt.Sprintf(".partial-0-of-2.json.tmp-%d-1", deadPID(t)), "{")
	live := writeFile(t, dir, fmt.Sprintf(".partial-0-of-2.json.tmp-%d-2", os.Getppid()), "{")
	other := writeFile(t, dir, fmt.Sprintf(".partial-1-of-2.json.tmp-%d-3", deadPID(t)), "{")
	if err := writeAtomic(filepath.Join(dir, "partial-0-of-2.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{{dead, false}, {live, true}, {other, true}} {
		if _, err := os.Stat(tc.path); (err == nil) != tc.kept {
			t.Errorf("%s: kept %v, want %v", filepath.Base(tc.path), err == nil, tc.kept)
		}
	}
}
