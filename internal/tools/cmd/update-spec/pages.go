package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

// maxPageSize bounds a download: a published page is tens of kilobytes, so
// anything near this is not a documentation page.
const maxPageSize = 8 << 20

// readPages takes the manifest's pages from a local folder, by file name.
func readPages(dir string, pages []specmerge.Page) ([][]byte, error) {
	out := make([][]byte, 0, len(pages))
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(dir, p.File))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("page %s is not in %s", p.File, dir)
		}
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", p.File, err)
		}
		out = append(out, data)
	}
	return out, nil
}

// downloadPages fetches every page from its published URL. baseURL, when
// set, replaces the scheme and host of each URL (tests serve the pages from
// 127.0.0.1).
func downloadPages(ctx context.Context, client *http.Client, baseURL string, pages []specmerge.Page) ([][]byte, error) {
	out := make([][]byte, 0, len(pages))
	for _, p := range pages {
		u, err := pageURL(p.URL, baseURL)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", p.File, err)
		}
		data, err := download(ctx, client, u)
		if err != nil {
			return nil, fmt.Errorf("page %s from %s: %w", p.File, u, err)
		}
		out = append(out, data)
	}
	return out, nil
}

func pageURL(published, baseURL string) (string, error) {
	u, err := url.Parse(published)
	if err != nil {
		return "", fmt.Errorf("manifest URL: %w", err)
	}
	if baseURL != "" {
		base, err := url.Parse(baseURL)
		if err != nil {
			return "", fmt.Errorf("base URL: %w", err)
		}
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) URL", u)
	}
	return u.String(), nil
}

func download(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/markdown, text/plain;q=0.9, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPageSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPageSize {
		return nil, fmt.Errorf("larger than %d bytes; not a documentation page", maxPageSize)
	}
	return data, nil
}
