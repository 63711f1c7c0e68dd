// Package enum holds the API's typed values that the client (package
// facade) and the fake (package facadetest) both speak: billing cycles
// (Cycle), product names and short codes (ProductName, ProductCode) and
// order statuses (OrderStatus), with their constants.
//
// Users reach them through package facade, which declares the same names
// as aliases (facade.Cycle is enum.Cycle, facade.CycleMonthly is
// enum.CycleMonthly). They live here, below both packages, for two reasons:
// the fake does not depend on the client it is used to test, so changing
// the client does not rebuild the fake; and the two share one set of
// typed constants, so a test can pass facadetest.ProductISP or
// facade.CycleMonthly wherever either package expects a product or cycle.
package enum
