package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// docsSite serves the given bodies by URL path, like the docs site serves
// the markdown form of its pages; every other path is 404.
func docsSite(t *testing.T, pages map[string][]byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// publishedPages are the manifest's pages as ProxyShard publishes them now,
// keyed by the path of their URL.
func publishedPages(t *testing.T) ([]specmerge.Page, map[string][]byte) {
	t.Helper()
	m, err := specmerge.ReadManifest(spectest.Root + "/api/upstream/manifest.json")
	require.NoError(t, err)
	byPath := map[string][]byte{}
	for _, p := range m.Pages {
		data, err := os.ReadFile(spectest.Root + "/api/upstream/" + p.File)
		require.NoError(t, err)
		u, err := pageURL(p.URL, "")
		require.NoError(t, err)
		byPath[strings.TrimPrefix(u, "https://docs.proxyshard.com")] = data
	}
	return m.Pages, byPath
}

func TestDownloadPages(t *testing.T) {
	pages, byPath := publishedPages(t)
	srv := docsSite(t, byPath)

	got, err := downloadPages(t.Context(), srv.Client(), srv.URL, pages)
	require.NoError(t, err)
	require.Len(t, got, len(pages))
	for i, p := range pages {
		want, err := os.ReadFile(spectest.Root + "/api/upstream/" + p.File)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got[i]), "%s is downloaded byte for byte", p.File)
	}
}

func TestDownloadPagesErrors(t *testing.T) {
	pages, byPath := publishedPages(t)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		timeout time.Duration
		wantErr []string
	}{
		{
			name:    "a page that is gone",
			handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			wantErr: []string{"page general.md from http://127.0.0.1:", "/cn/yong-hu-api/general.md", "HTTP status 404 Not Found"},
		},
		{
			name: "a server that does not answer in time",
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			timeout: 100 * time.Millisecond,
			wantErr: []string{"page general.md", "Client.Timeout exceeded"},
		},
		{
			name: "something far larger than a page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write(make([]byte, maxPageSize+1))
			},
			wantErr: []string{"page general.md", "larger than 8388608 bytes"},
		},
		{
			name: "the second page fails after the first succeeded",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if body, ok := byPath[r.URL.Path]; ok && strings.HasSuffix(r.URL.Path, "general.md") {
					_, _ = w.Write(body)
					return
				}
				http.Error(w, "maintenance", http.StatusServiceUnavailable)
			},
			wantErr: []string{"page dc-isp-proxies.md", "HTTP status 503"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			client := srv.Client()
			if tt.timeout > 0 {
				client.Timeout = tt.timeout
			}
			got, err := downloadPages(t.Context(), client, srv.URL, pages)
			require.Error(t, err)
			assert.Nil(t, got)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestPageURL(t *testing.T) {
	tests := []struct {
		name, published, base, want, wantErr string
	}{
		{name: "as published", published: "https://docs.proxyshard.com/ua/a.md", want: "https://docs.proxyshard.com/ua/a.md"},
		{name: "another host keeps the path", published: "https://docs.proxyshard.com/ua/a.md", base: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/ua/a.md"},
		{name: "not http", published: "file:///etc/passwd", wantErr: "is not an http(s) URL"},
		{name: "no host", published: "/ua/a.md", wantErr: "is not an http(s) URL"},
		{name: "a base URL that is not one", published: "https://docs.proxyshard.com/a.md", base: "://x", wantErr: "base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pageURL(tt.published, tt.base)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReadPagesNamesAMissingPage(t *testing.T) {
	pages, _ := publishedPages(t)
	dir := t.TempDir()
	copyFile(t, spectest.General, dir+"/general.md")
	_, err := readPages(dir, pages)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "page dc-isp-proxies.md is not in "+dir)
}
