package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

// snapshot keeps files as they were before an update, so that a failure
// half-way (the generator, a write) can put every one of them back.
type snapshot struct {
	files map[string][]byte // nil content: the file did not exist
	dirs  []string          // folders where files the update created are removed
}

// takeSnapshot records the given files and every file in the given folders
// and their subfolders (gen/ has gen/spec).
func takeSnapshot(paths, dirs []string) (*snapshot, error) {
	s := &snapshot{files: map[string][]byte{}, dirs: dirs}
	for _, dir := range dirs {
		found, err := regularFiles(dir)
		if err != nil {
			return nil, err
		}
		paths = append(paths, found...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		s.files[p] = data
	}
	return s, nil
}

// restore puts every recorded file back and removes what the update added.
func (s *snapshot) restore() error {
	var errs []error
	for p, data := range s.files {
		if data == nil {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		if err := specmerge.WriteFileAtomic(p, data); err != nil {
			errs = append(errs, err)
		}
	}
	for _, dir := range s.dirs {
		found, err := regularFiles(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range found {
			if _, known := s.files[p]; !known {
				if err := os.Remove(p); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("restoring the files as they were: %w", err)
	}
	return nil
}

// regularFiles lists the regular files under dir, subfolders included.
func regularFiles(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			paths = append(paths, p)
		}
		return nil
	})
	return paths, err
}
