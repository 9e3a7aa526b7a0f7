package remedy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// Services stops and starts a Windows service and waits until it is
// stopped or running (the service manager on Windows; a fake in tests).
type Services interface {
	Stop(ctx context.Context, name string) error
	Start(ctx context.Context, name string) error
}

// FileStore is the TokenStore of a Windows directory tree (Root is
// %SystemRoot%): the steps Microsoft documents for a damaged licence store,
// with a backup kept first.
//
//	net stop sppsvc
//	copy  System32\spp\store\2.0\tokens.dat  tokens.dat.kmsdoctor-<UTC time>.bak   (a copy fix never deletes)
//	ren   System32\spp\store\2.0\tokens.dat  tokens.bar                          (an older tokens.bar is kept under its own time)
//	net start sppsvc                                                             (sppsvc writes a fresh tokens.dat)
//	slmgr /rilc: every *.xrm-ms under System32\spp\tokens and System32\oem      (WMI.RebuildTokens installs them)
//
// What it cannot undo: the new store holds only the reinstalled system
// licences; product keys, activation state and any licence installed by
// hand are gone from it until installed and activated again. Putting the
// backup back (sppsvc stopped) is a manual step.
type FileStore struct {
	Root     string
	Services Services
	Now      func() time.Time
}

var _ TokenStore = (*FileStore)(nil)

// storeDir is the folder of tokens.dat (Windows 8 and later).
func (f *FileStore) storeDir() string {
	return filepath.Join(f.Root, "System32", "spp", "store", "2.0")
}

func (f *FileStore) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Backup stops sppsvc, keeps a timestamped copy of tokens.dat, renames it
// to tokens.bar and starts sppsvc again. It returns the copy's path. On a
// failure before the rename, sppsvc is started again and nothing is
// changed.
func (f *FileStore) Backup(ctx context.Context) (string, error) {
	if f.Services == nil {
		return "", ErrUnsupported
	}
	dir := f.storeDir()
	tokens := filepath.Join(dir, "tokens.dat")
	if _, err := os.Stat(tokens); err != nil {
		return "", fmt.Errorf("tokens.dat: %w", err)
	}
	if err := f.Services.Stop(ctx, "sppsvc"); err != nil {
		return "", fmt.Errorf("stop sppsvc: %w", err)
	}
	stamp := f.now().Format("20060102T150405Z")
	backup := filepath.Join(dir, "tokens.dat.kmsdoctor-"+stamp+".bak")
	restart := func(err error) error {
		if serr := f.Services.Start(context.WithoutCancel(ctx), "sppsvc"); serr != nil {
			return errors.Join(err, fmt.Errorf("start sppsvc: %w", serr))
		}
		return err
	}
	if err := copyFile(tokens, backup); err != nil {
		return "", restart(fmt.Errorf("back up tokens.dat: %w", err))
	}
	bar := filepath.Join(dir, "tokens.bar")
	if _, err := os.Stat(bar); err == nil {
		if err := os.Rename(bar, filepath.Join(dir, "tokens.bar.kmsdoctor-"+stamp+".bak")); err != nil {
			return backup, restart(fmt.Errorf("keep the older tokens.bar: %w", err))
		}
	}
	if err := os.Rename(tokens, bar); err != nil {
		return backup, restart(fmt.Errorf("rename tokens.dat: %w", err))
	}
	if err := f.Services.Start(ctx, "sppsvc"); err != nil {
		return backup, fmt.Errorf("start sppsvc: %w", err)
	}
	return backup, nil
}

// Licenses returns the text of every *.xrm-ms under System32\spp\tokens
// and then System32\oem (absent: none), as slmgr /rilc, each tree in
// lexical order, decoded as slmgr does
// (UTF-16LE, UTF-8, ASCII).
func (f *FileStore) Licenses(ctx context.Context) ([]string, error) {
	var paths []string
	for _, d := range []string{filepath.Join(f.Root, "System32", "spp", "tokens"), filepath.Join(f.Root, "System32", "oem")} {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == d {
					return fs.SkipAll
				}
				return err
			}
			if !e.IsDir() && strings.EqualFold(filepath.Ext(p), ".xrm-ms") {
				paths = append(paths, p)
			}
			return ctx.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	if len(paths) == 0 {
		return nil, errors.New(`no licence files (*.xrm-ms) under System32\spp\tokens`)
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		text, _ := textenc.Decode(raw)
		out = append(out, text)
	}
	return out, nil
}
