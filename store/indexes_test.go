package store_test

import (
	"testing"

	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// Every start-up after the first finds the indexes in place; that must work
// on both engines (the embedded one used to drop the connection).
func TestOpenExistingDatabase(t *testing.T) {
	ctx, name := testCtx(t), storetest.DBName()
	for round := 0; round < 2; round++ {
		s, err := store.Open(ctx, storetest.URI(), name)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		if round == 1 {
			_ = s.Drop(ctx)
		}
		_ = s.Close(ctx)
	}
}
