package embedded

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// killChildDir, set in the environment, makes this test the child that
// writes until it is killed.
const killChildDir = "EMBEDDED_TEST_KILL9_DIR"

// An insert the engine acknowledged is on disk: killed with -9 in the
// middle of inserts, checkpoints and all, the engine started again on
// the same files has every acknowledged document.
func TestAcknowledgedInsertsSurviveKill9(t *testing.T) {
	if dir := os.Getenv(killChildDir); dir != "" {
		writeUntilKilled(dir)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process; skipped with -short")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcknowledgedInsertsSurviveKill9$")
	cmd.Env = append(os.Environ(), killChildDir+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	var acked []string
	lines := bufio.NewScanner(out)
	deadline := time.Now().Add(60 * time.Second)
	for len(acked) < 1500 && lines.Scan() && time.Now().Before(deadline) {
		if id, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
			acked = append(acked, id)
		}
	}
	if len(acked) < 1500 {
		t.Fatalf("child acknowledged only %d inserts", len(acked))
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	_, client := startTestEngine(t, dir)
	n, err := client.Database("dialog").Collection("c").CountDocuments(context.Background(), bson.M{"_id": bson.M{"$in": acked}})
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(acked)) {
		t.Fatalf("after kill -9: %d of %d acknowledged documents stored", n, len(acked))
	}
}

// writeUntilKilled inserts from 8 goroutines and prints the id of each
// acknowledged insert.
func writeUntilKilled(dir string) {
	ctx := context.Background()
	srv, err := Start(ctx, dir, quietLogger())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	coll := client.Database("dialog").Collection("c")
	pad := strings.Repeat("x", 1500)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := fmt.Sprintf("%d-%d", w, i)
				if _, err := coll.InsertOne(ctx, bson.M{"_id": id, "pad": pad}); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Printf("ack %s\n", id)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}
