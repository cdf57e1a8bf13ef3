package jsonerr_test

import (
	"fmt"

	"github.com/povsim/povsim/internal/jsonerr"
)

func ExampleDecode() {
	var req struct {
		Scenario   string `json:"scenario"`
		Households int    `json:"households"`
	}
	for _, body := range []string{
		`{"scenario": "baseline", "households": 300}`,
		`{"scenario": "baseline", "households": 300,
		  "households": 3000}`,
		`{"scenario": "baseline"} {}`,
		`{"scenario": "baseline", "households": 2.5, "colour": "red"}`,
	} {
		fmt.Println(jsonerr.Decode("request body", []byte(body), &req))
	}
	fmt.Println(req.Scenario, req.Households)
	// Output:
	// <nil>
	// request body: 1 problem:
	//   request body:2:5: households: want each key once (households is at 1:26 too)
	// request body: 1 problem:
	//   request body:1:26: got "{}", want one JSON value and nothing after it (the value ends at 1:24)
	// request body: 2 problems:
	//   request body:1:40: households: got 2.5, want a whole number
	//   request body:1:45: colour: want a known key ("colour" is not a key here; keys here: scenario, households)
	// baseline 300
}
