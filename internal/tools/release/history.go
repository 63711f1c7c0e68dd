// Package release keeps the three records of a release in agreement: the
// module's version (facade.Version), CHANGELOG.md, and the released API spec
// (api/released.json, with api/releases.yaml recording for each release the
// digest of that spec and the breaking API changes acknowledged for it).
package release

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

// Release is one entry of api/releases.yaml.
type Release struct {
	Version string `yaml:"version"`
	// Spec is the sha256 of api/released.json as this release recorded it.
	Spec string `yaml:"spec"`
	// Acknowledged are the breaking API changes accepted for this release:
	// the spec gate's acknowledgments, kept when the release empties
	// api/breaking-changes.yaml, so CHANGELOG.md can list them.
	Acknowledged []specdiff.Acknowledgment `yaml:"acknowledged"`
}

type historyFile struct {
	Releases []Release `yaml:"releases"`
}

// historyHeader explains the file to whoever opens it.
const historyHeader = `# Every release of this module, oldest first: its version, the sha256 of
# api/released.json as released, and the breaking API changes acknowledged for
# it (moved here from api/breaking-changes.yaml by make release-spec).
# CHANGELOG.md lists each of them; a test keeps both in agreement.
`

// ReadHistory reads api/releases.yaml; a missing file holds no release.
func ReadHistory(path string) ([]Release, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var file historyFile
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return file.Releases, nil
}

// EncodeHistory is the content of api/releases.yaml holding releases.
func EncodeHistory(releases []Release) ([]byte, error) {
	file := historyFile{Releases: make([]Release, len(releases))}
	for i, r := range releases {
		if r.Acknowledged == nil {
			r.Acknowledged = []specdiff.Acknowledgment{} // "acknowledged: []" says none, on purpose
		}
		file.Releases[i] = r
	}
	out, err := yaml.Marshal(file)
	if err != nil {
		return nil, err
	}
	return append([]byte(historyHeader), out...), nil
}

// Digest is the sha256 of a released spec, as api/releases.yaml records it.
func Digest(spec []byte) string {
	sum := sha256.Sum256(spec)
	return hex.EncodeToString(sum[:])
}
