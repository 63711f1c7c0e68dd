package specdiff

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// acknowledge accepts the given changes with a reason.
func acknowledge(changes []Change) []Acknowledgment {
	var acks []Acknowledgment
	for _, c := range changes {
		acks = append(acks, Acknowledgment{ID: c.Fingerprint, Change: c.String(), Reason: "ProxyShard withdrew add-ons"})
	}
	return acks
}

// Released with the current page, now built from the older one: the four
// add-on operations are gone.
func TestGateFailsOnRemovedOperationsUntilAcknowledged(t *testing.T) {
	released := effective(t, currentDCISP)
	now := effective(t, olderDCISP)
	// The gate judges operations; the overlay's stale actions have their own
	// test below.
	nowOperationsOnly := &Effective{Spec: now.Spec}

	verdict, err := Gate(released, nowOperationsOnly, nil)
	require.NoError(t, err)
	require.Len(t, verdict.Unacknowledged, 4)
	assert.ElementsMatch(t, addonOperations, whereAll(verdict.Unacknowledged))
	var gateErr *GateError
	require.ErrorAs(t, verdict.Err(), &gateErr)
	assert.Len(t, gateErr.Unacknowledged, 4)
	msg := verdict.Err().Error()
	assert.Contains(t, msg, "4 breaking change(s) since the last release are not acknowledged")
	for _, c := range verdict.Unacknowledged {
		assert.Contains(t, msg, c.String()+" (id "+c.Fingerprint+")")
	}

	tests := []struct {
		name             string
		acks             []Acknowledgment
		wantUnacked      int
		wantStale        int
		wantErrNil       bool
		wantAcknowledged int
	}{
		{name: "all four acknowledged", acks: acknowledge(verdict.Unacknowledged), wantErrNil: true, wantAcknowledged: 4},
		{name: "three acknowledged", acks: acknowledge(verdict.Unacknowledged[:3]), wantUnacked: 1, wantAcknowledged: 3},
		{
			name:       "an acknowledgment of something else is stale and acknowledges nothing",
			acks:       append(acknowledge(verdict.Unacknowledged), Acknowledgment{ID: "000000000000", Reason: "old"}),
			wantErrNil: true, wantStale: 1, wantAcknowledged: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Gate(released, nowOperationsOnly, tt.acks)
			require.NoError(t, err)
			assert.Len(t, v.Unacknowledged, tt.wantUnacked)
			assert.Len(t, v.Acknowledged, tt.wantAcknowledged)
			assert.Len(t, v.Stale, tt.wantStale)
			if tt.wantErrNil {
				assert.NoError(t, v.Err())
			} else {
				assert.Error(t, v.Err())
			}
		})
	}
}

func TestGateFailsOnOverlayActionsThatSelectNothing(t *testing.T) {
	released := effective(t, currentDCISP)
	now := effective(t, olderDCISP)
	require.NotEmpty(t, now.UnmatchedActions)

	verdict, err := Gate(released, now, nil)
	require.NoError(t, err)
	acked, err := Gate(released, now, acknowledge(verdict.Unacknowledged))
	require.NoError(t, err)
	require.Empty(t, acked.Unacknowledged)

	var gateErr *GateError
	require.True(t, errors.As(acked.Err(), &gateErr), "acknowledging the changes does not excuse actions that do nothing")
	assert.Equal(t, now.UnmatchedActions, gateErr.UnmatchedActions)
	assert.Contains(t, acked.Err().Error(), fmt.Sprintf("%d overlay action(s) select nothing in the merged spec; remove or correct them:\n  $.paths['/user/api/orders/{order_id}/addons/calculate'].get\n", len(spectest.AddonOnlyActions(t))))
}

func TestGatePassesWhenNothingChanged(t *testing.T) {
	verdict, err := Gate(effective(t, currentDCISP), effective(t, currentDCISP), nil)
	require.NoError(t, err)
	assert.Empty(t, verdict.Report.Changes)
	assert.NoError(t, verdict.Err())
}

// Added operations break nobody, but the OS enum narrows what clients may
// send: released from the older page, the current page needs one
// acknowledgment.
func TestGateOlderReleaseToCurrentNeedsTheOSEnumAcknowledged(t *testing.T) {
	verdict, err := Gate(&Effective{Spec: effective(t, olderDCISP).Spec}, effective(t, currentDCISP), nil)
	require.NoError(t, err)
	require.Len(t, verdict.Unacknowledged, 1)
	assert.Equal(t, signatureSet, where(verdict.Unacknowledged[0]))
	assert.Equal(t, "request-property-became-enum", verdict.Unacknowledged[0].Rule)
}
