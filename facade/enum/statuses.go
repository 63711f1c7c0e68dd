package enum

// OrderStatus filters the order list and is the status of an order.
// Statuses the API adds later still decode.
type OrderStatus string

// The statuses of the order list's filter; StatusAll is a filter only.
const (
	StatusActive    OrderStatus = "active"
	StatusOnHold    OrderStatus = "on-hold"
	StatusCancelled OrderStatus = "cancelled"
	StatusAll       OrderStatus = "all"
)
