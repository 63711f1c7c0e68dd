package api

import "strings"

// Side says which half of an exchange broke the contract.
type Side string

const (
	SideRequest  Side = "request"
	SideResponse Side = "response"
)

// ContractError is one way a request or a response differs from the
// effective spec. Field says where ("query.limit", "path.order_id",
// "header.Content-Type", "body.items[0].signature", "status", "route"), so a
// failing test points at the exact place to fix.
//
// It never holds header values or the bearer token: reasons come from the
// validator and describe values of parameters and JSON bodies only.
type ContractError struct {
	Operation    string // operationId such as "getMe"; "" when no operation matches
	Method, Path string // the request's method and URL path
	Side         Side
	Field        string
	Reason       string
}

func (e *ContractError) Error() string {
	var b strings.Builder
	b.WriteString("api contract: ")
	b.WriteString(string(e.Side))
	b.WriteString(" of ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteByte(' ')
	}
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}
