// Package specmerge turns ProxyShard's published documentation pages into
// one OpenAPI 3.0.3 document. Each page carries one self-contained OpenAPI
// document per operation in ```json blocks; the merge collapses the shared
// parts and refuses to guess when two inputs disagree.
package specmerge

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// Input is one source of OpenAPI documents: a markdown page or a .json file.
type Input struct {
	Name string // how errors name the input, e.g. "general.md"
	Data []byte
}

// Block is one OpenAPI document found in an input.
type Block struct {
	Page  string
	Index int // 1-based position among the page's JSON blocks
	Line  int // 1-based line of the opening fence (0 for a .json input)
	JSON  []byte
}

// Place names a block the way a reader finds it in the page.
func (b Block) Place() string {
	if b.Line == 0 {
		return b.Page
	}
	return fmt.Sprintf("%s block %d (line %d)", b.Page, b.Index, b.Line)
}

// Extract returns the OpenAPI blocks of an input. A .json input is one
// document; markdown yields every ```json fenced block, and everything else
// on the page (prose, the docs-site footer, other fences) is ignored.
func Extract(in Input) ([]Block, error) {
	if strings.EqualFold(filepath.Ext(in.Name), ".json") {
		return []Block{{Page: in.Name, Index: 1, JSON: in.Data}}, nil
	}
	var (
		blocks  []Block
		current *Block
		body    bytes.Buffer
		fence   string // the fence that opened the block we are inside, if any
		line    int
	)
	sc := bufio.NewScanner(bytes.NewReader(in.Data))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line++
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		if fence == "" {
			if !strings.HasPrefix(trimmed, "```") && !strings.HasPrefix(trimmed, "~~~") {
				continue
			}
			fence = trimmed[:3]
			info := strings.ToLower(strings.TrimSpace(trimmed[3:]))
			if info == "json" {
				current = &Block{Page: in.Name, Index: len(blocks) + 1, Line: line}
				body.Reset()
			}
			continue
		}
		if strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
			if current != nil {
				current.JSON = bytes.Clone(body.Bytes())
				blocks = append(blocks, *current)
				current = nil
			}
			fence = ""
			continue
		}
		if current != nil {
			body.WriteString(text)
			body.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	if current != nil {
		return nil, fmt.Errorf("%s block %d (line %d): the ```json fence is never closed", in.Name, current.Index, current.Line)
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%s: no ```json OpenAPI block found", in.Name)
	}
	return blocks, nil
}
