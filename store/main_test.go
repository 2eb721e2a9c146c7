package store_test

import (
	"testing"

	"medborgardialog/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
