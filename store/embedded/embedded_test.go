package embedded_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/store/embedded"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestDataSurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // does not exist yet: Start creates it
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	write := func() {
		srv, err := embedded.Start(ctx, dir, quiet())
		if err != nil {
			t.Fatal(err)
		}
		client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.Database("db").Collection("c").InsertOne(ctx, bson.M{"_id": "kept", "n": 7}); err != nil {
			t.Fatal(err)
		}
		_ = client.Disconnect(ctx)
		if err := srv.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	}
	write()

	srv, err := embedded.Start(ctx, dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(ctx)
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	var got struct {
		N int `bson:"n"`
	}
	if err := client.Database("db").Collection("c").FindOne(ctx, bson.M{"_id": "kept"}).Decode(&got); err != nil {
		t.Fatalf("document written before the restart is gone: %v", err)
	}
	if got.N != 7 {
		t.Fatalf("n = %d, want 7", got.N)
	}
}

func TestStartRefusesUnusableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := embedded.Start(context.Background(), filepath.Join(file, "data"), quiet()); err == nil {
		t.Fatal("Start succeeded with a data dir below a regular file")
	}
}
