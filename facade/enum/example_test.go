package enum_test

import (
	"fmt"

	"github.com/proxyshard/proxyshard-go/facade/enum"
)

func ExampleProductName_Known() {
	fmt.Println(enum.ProductISP.Known())
	fmt.Println(enum.ProductName("Mobile Proxy").Known()) // added by the API later
	// Output:
	// true
	// false
}

func ExampleProductName_Code() {
	fmt.Printf("%q %q\n", enum.ProductDatacenter.Code(), enum.ProductResidentialPremium.Code())
	// Output: "dc" ""
}

func ExampleProductCode_Product() {
	for _, code := range []enum.ProductCode{"isp", "Datacenter Proxy", "mobile"} {
		name, ok := code.Product()
		fmt.Printf("%s: %q %v\n", code, name, ok)
	}
	// Output:
	// isp: "ISP Proxy" true
	// Datacenter Proxy: "Datacenter Proxy" true
	// mobile: "" false
}
