package facade

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// PurchaseSpec is what Purchase and Quote take: a value of Datacenter, ISP,
// ResidentialStandard, ResidentialPremium, ResidentialUnmetered or
// OtherProduct. The product decides which fields exist, so a Datacenter
// order without a location does not compile into a request the server
// would reject; what the type cannot express (required text, quantity >= 1)
// is checked before anything is sent.
type PurchaseSpec interface {
	// Product is the exact product name that is sent.
	Product() ProductName
	purchase() (purchase, error)
}

// Datacenter buys Datacenter proxies.
type Datacenter struct {
	Location    string  // a country such as "DE"; see Products and AvailableCounts
	Cycle       Cycle   // such as CycleMonthly; see Product.Cycles
	Quantity    int     // at least 1
	PromoCode   string  // optional
	AutoRenewal bool    // renew from the wallet when the period ends
	Addons      []Addon // optional: add-ons bought and charged with the order
}

// ISP buys ISP proxies; the fields mean what they mean for Datacenter.
type ISP Datacenter

// ResidentialStandard buys traffic of "Standart Residential Proxy" (the
// API's spelling); its cycle is fixed (lifetime), so it has none.
type ResidentialStandard struct {
	Quantity  int // at least 1
	PromoCode string
}

// ResidentialPremium buys Premium Residential traffic; the fields mean
// what they mean for ResidentialStandard.
type ResidentialPremium ResidentialStandard

// ResidentialUnmetered buys Unmetered Residential proxies, billed per cycle.
type ResidentialUnmetered struct {
	Cycle       Cycle
	PromoCode   string
	AutoRenewal bool
}

// OtherProduct buys a product the API added after this package was
// written, by its exact name. The five documented products must use their
// own types (the API's generic request excludes them).
type OtherProduct struct {
	Name        ProductName
	Location    string // optional
	Cycle       Cycle  // required
	Quantity    int    // 0 leaves it out; otherwise at least 1
	PromoCode   string
	AutoRenewal *bool   // nil leaves it out
	Addons      []Addon // optional: add-ons bought and charged with the order
}

func (Datacenter) Product() ProductName           { return ProductDatacenter }
func (ISP) Product() ProductName                  { return ProductISP }
func (ResidentialStandard) Product() ProductName  { return ProductResidentialStandard }
func (ResidentialPremium) Product() ProductName   { return ProductResidentialPremium }
func (ResidentialUnmetered) Product() ProductName { return ProductResidentialUnmetered }
func (p OtherProduct) Product() ProductName       { return p.Name }

// purchase is every variant in one shape: what is validated, quoted and sent.
type purchase struct {
	product     ProductName
	location    string
	cycle       Cycle
	quantity    int // 0: not sent
	promo       string
	autoRenewal *bool
	addons      []Addon
	// encode writes the request body with the variant's own schema, so the
	// server's oneOf picks the right branch.
	encode func(*gen.PurchaseOrderRequest) error
}

func (p Datacenter) purchase() (purchase, error) { return dcISP(gen.DcIspProductDatacenter, p) }
func (p ISP) purchase() (purchase, error)        { return dcISP(gen.DcIspProductISP, Datacenter(p)) }

func dcISP(product gen.DcIspProduct, p Datacenter) (purchase, error) {
	if err := required("location", p.Location); err != nil {
		return purchase{}, err
	}
	if err := required("cycle", p.Cycle); err != nil {
		return purchase{}, err
	}
	if err := atLeastOne("quantity", p.Quantity); err != nil {
		return purchase{}, err
	}
	if err := checkAddons(p.Addons); err != nil {
		return purchase{}, err
	}
	pu := purchase{product: ProductName(product), location: p.Location, cycle: p.Cycle, quantity: p.Quantity, promo: p.PromoCode, autoRenewal: &p.AutoRenewal, addons: p.Addons}
	pu.encode = func(r *gen.PurchaseOrderRequest) error {
		return r.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{
			Product: product, Location: pu.location, Cycle: string(pu.cycle), Quantity: &pu.quantity,
			PromoCode: optional(pu.promo), AutoRenewal: pu.autoRenewal, Addons: addonRequests(pu.addons),
		})
	}
	return pu, nil
}

func (p ResidentialStandard) purchase() (purchase, error) {
	return residential(ProductResidentialStandard, p)
}

func (p ResidentialPremium) purchase() (purchase, error) {
	return residential(ProductResidentialPremium, ResidentialStandard(p))
}

func residential(product ProductName, p ResidentialStandard) (purchase, error) {
	if err := atLeastOne("quantity", p.Quantity); err != nil {
		return purchase{}, err
	}
	pu := purchase{product: product, quantity: p.Quantity, promo: p.PromoCode}
	pu.encode = func(r *gen.PurchaseOrderRequest) error {
		if product == ProductResidentialPremium {
			return r.FromPurchaseRequestResidentialPremium(gen.PurchaseRequestResidentialPremium{
				Product: gen.ResidentialPremiumProductName, Quantity: &pu.quantity, PromoCode: optional(pu.promo),
			})
		}
		return r.FromPurchaseRequestResidentialStandard(gen.PurchaseRequestResidentialStandard{
			Product: gen.ResidentialStandardProductName, Quantity: &pu.quantity, PromoCode: optional(pu.promo),
		})
	}
	return pu, nil
}

func (p ResidentialUnmetered) purchase() (purchase, error) {
	if err := required("cycle", p.Cycle); err != nil {
		return purchase{}, err
	}
	pu := purchase{product: ProductResidentialUnmetered, cycle: p.Cycle, promo: p.PromoCode, autoRenewal: &p.AutoRenewal}
	pu.encode = func(r *gen.PurchaseOrderRequest) error {
		return r.FromPurchaseRequestResidentialUnmetered(gen.PurchaseRequestResidentialUnmetered{
			Product: gen.ResidentialUnmeteredProductName, Cycle: string(pu.cycle), PromoCode: optional(pu.promo), AutoRenewal: pu.autoRenewal,
		})
	}
	return pu, nil
}

func (p OtherProduct) purchase() (purchase, error) {
	if err := required("product name", p.Name); err != nil {
		return purchase{}, err
	}
	if p.Name.Known() {
		return purchase{}, invalid("product name", "%q has its own type (Datacenter, ISP, ResidentialStandard, ResidentialPremium or ResidentialUnmetered); use it", string(p.Name))
	}
	if meant, typ, ok := spelledLike(p.Name); ok {
		return purchase{}, invalid("product name", "%q is not a product; the API writes %q: use %s", string(p.Name), string(meant), typ)
	}
	if err := required("cycle", p.Cycle); err != nil {
		return purchase{}, err
	}
	if p.Quantity != 0 {
		if err := atLeastOne("quantity", p.Quantity); err != nil {
			return purchase{}, err
		}
	}
	if err := checkAddons(p.Addons); err != nil {
		return purchase{}, err
	}
	pu := purchase{product: p.Name, location: p.Location, cycle: p.Cycle, quantity: p.Quantity, promo: p.PromoCode, autoRenewal: p.AutoRenewal, addons: p.Addons}
	pu.encode = func(r *gen.PurchaseOrderRequest) error {
		return r.FromPurchaseRequest(gen.PurchaseRequest{
			Product: string(pu.product), Location: optional(pu.location), Cycle: string(pu.cycle),
			Quantity: optionalInt(pu.quantity), PromoCode: optional(pu.promo), AutoRenewal: pu.autoRenewal,
			Addons: addonRequests(pu.addons),
		})
	}
	return pu, nil
}

// Quote is a price: what the order costs before and after the promo code,
// and with the add-ons bought with it.
type Quote struct {
	Original        Cents // the order itself, before the promo code
	Final           Cents // the order itself, after the promo code
	DiscountPercent int
	Addons          Cents // the add-ons bought with the order; 0 without any
	Total           Cents // what is charged: Final + Addons
}

// quoteOf reads a price answer. A server that leaves out the add-on fields
// (an answer of API 1.0.0) has charged nothing for add-ons, so the total is
// the final price.
func quoteOf(original, final, discount, addons, total *int) Quote {
	q := Quote{Original: centsOf(original), Final: centsOf(final), DiscountPercent: deref(discount), Addons: centsOf(addons)}
	q.Total = q.Final + q.Addons
	if total != nil {
		q.Total = centsOf(total)
	}
	return q
}

// Quote asks the server what Purchase with the same value would cost. It
// charges nothing, and takes the same value on purpose: check the price,
// then buy exactly what was quoted.
func (c *Client) Quote(ctx context.Context, spec PurchaseSpec) (*Quote, error) {
	pu, err := checkSpec(spec)
	if err != nil {
		return nil, err
	}
	addons, err := addonsJSON(pu.addons)
	if err != nil {
		return nil, err
	}
	params := &gen.CalculateOrderPriceParams{
		Product: string(pu.product), Location: optional(pu.location), Cycle: optional(pu.cycle),
		Quantity: optionalInt(pu.quantity), PromoCode: optional(pu.promo), AddonsJSON: addons,
	}
	req, err := gen.BuildCalculateOrderPrice(c.server, params)
	q, err := opCalculateOrder.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	quote := quoteOf(q.OriginalPrice, q.FinalPrice, q.DiscountPercent, q.AddonsPrice, q.TotalWithAddons)
	return &quote, nil
}

// PurchaseResult is a paid order.
type PurchaseResult struct {
	OrderID int
	Message string
}

// Purchase creates an order and pays for it from the wallet. It is sent at
// most once: if the connection cannot even be opened it is tried again (no
// byte left this machine), but once it may have reached the server it is
// never resent. If the answer is lost the error matches ErrOutcomeUnknown
// (an *OutcomeUnknownError): Settle, with a Snapshot taken before the
// call, tells whether the order was bought.
func (c *Client) Purchase(ctx context.Context, spec PurchaseSpec) (res *PurchaseResult, err error) {
	pu, err := checkSpec(spec)
	if err != nil {
		return nil, err
	}
	var body gen.PurchaseOrderRequest
	if err := pu.encode(&body); err != nil {
		return nil, err
	}
	// Recorded so that Settle can tell this purchase from concurrent ones.
	record := c.purchases.begin(pu, c.now())
	defer func() { c.purchases.finish(record, res, err, c.now()) }()
	sentAt := c.now()
	req, err := gen.BuildPurchaseOrder(c.server, body)
	ans, err := opPurchaseOrder.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	if ans.OrderID < 1 {
		// Paid, by the look of it, but for which order? Only a check can tell.
		return nil, &OutcomeUnknownError{Operation: opPurchaseOrder.id, Method: http.MethodPost, Path: "/user/api/orders/purchase",
			SentAt: sentAt, Err: responseError(opPurchaseOrder.id, "success without an order_id")}
	}
	return &PurchaseResult{OrderID: ans.OrderID, Message: ans.Message}, nil
}

func checkSpec(spec PurchaseSpec) (purchase, error) {
	if spec == nil || (reflect.ValueOf(spec).Kind() == reflect.Pointer && reflect.ValueOf(spec).IsNil()) {
		return purchase{}, invalid("purchase", "is nil; pass a Datacenter, ISP, ResidentialStandard, ResidentialPremium, ResidentialUnmetered or OtherProduct")
	}
	return spec.purchase()
}

func required[S ~string](field string, v S) error {
	if strings.TrimSpace(string(v)) == "" {
		return invalid(field, "is required")
	}
	return nil
}

func atLeastOne(field string, n int) error {
	if n < 1 {
		return invalid(field, "must be at least 1, got %d", n)
	}
	return nil
}

// optional leaves an empty string out of the request.
func optional[S ~string](s S) *string {
	if s == "" {
		return nil
	}
	v := string(s)
	return &v
}

// optionalInt leaves a zero out of the request.
func optionalInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}
