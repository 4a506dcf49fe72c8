package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/records"
)

// updateBenchGraph is the graph of one's own the update benchmark writes.
const updateBenchGraph = "http://example.org/bench-update"

// updateBenchTriples are the triples of the INSERT DATA: triples triples
// over resources resources (one ex:status each, the rest labels), one per
// line.
func updateBenchTriples(triples, resources int) []string {
	out := make([]string, 0, triples)
	per := max(1, triples/resources)
	for i := range triples {
		r, j := i/per, i%per
		if j == 0 {
			out = append(out, fmt.Sprintf("ex:r%d ex:status \"ouvert\" .", r))
		} else {
			out = append(out, fmt.Sprintf("ex:r%d ex:label%d \"ressource %d, libellé %d\"@fr .", r, j, r, j))
		}
	}
	return out
}

// insertData is one INSERT DATA of the given triples.
func insertData(lines []string) string {
	return "PREFIX ex: <http://example.org/bench/>\nINSERT DATA { GRAPH <" + updateBenchGraph + "> {\n" + strings.Join(lines, "\n") + "\n} }\n"
}

// updateBenchModify changes the status of every resource.
const updateBenchModify = "PREFIX ex: <http://example.org/bench/>\n" +
	"DELETE { GRAPH <" + updateBenchGraph + "> { ?r ex:status \"ouvert\" } }\n" +
	"INSERT { GRAPH <" + updateBenchGraph + "> { ?r ex:status \"revu\" } }\n" +
	"WHERE { GRAPH <" + updateBenchGraph + "> { ?r ex:status \"ouvert\" } }\n"

// benchUpdate times SPARQL Update on `ruche serve` over HTTP (a fresh
// folder), Jena in memory (a small Java program over Debian's Jena,
// compiled on the fly) and Virtuoso over HTTP, on the same two requests.
func benchUpdate(ctx context.Context, e env, args []string) error {
	fs, _ := newFlagSet(e, "bench update")
	triples := fs.Int("triples", 100_000, "triples of the INSERT DATA")
	resources := fs.Int("resources", 10_000, "resources the DELETE/INSERT WHERE changes")
	jenaCP := fs.String("jena-cp", os.Getenv("JENA_CP"), "class path of Jena (../shared/bench/scripts/env.sh sets JENA_CP); empty: skip Jena")
	virtuoso := fs.String("virtuoso", "", "SPARQL endpoint of a Virtuoso whose SPARQL user may update (../shared/bench/virtuoso/start.sh, then grant SPARQL_UPDATE to \"SPARQL\"); empty: skip Virtuoso")
	profile := fs.String("cpuprofile", "", "write a Go CPU profile of the whole run to this file (go tool pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*profile)
	if err != nil {
		return err
	}
	defer stop()
	if *triples <= 0 || *resources <= 0 || *resources > *triples {
		return usageError{"bench update: want 0 < -resources <= -triples"}
	}
	lines := updateBenchTriples(*triples, *resources)
	insert, modify := insertData(lines), updateBenchModify
	fmt.Fprintf(e.stdout, "update: INSERT DATA of %d triples (%.1f MiB) in one request, then DELETE/INSERT WHERE on %d resources\n",
		*triples, float64(len(insert))/(1<<20), *resources)
	fmt.Fprintf(e.stdout, "%-28s %14s %14s\n", "system", "insert ms", "modify ms")
	line := func(name string, ins, mod time.Duration, err error) {
		if err != nil {
			msg, _, _ := strings.Cut(err.Error(), "\n")
			fmt.Fprintf(e.stdout, "%-28s failed: %.160s\n", name, msg)
			return
		}
		fmt.Fprintf(e.stdout, "%-28s %14.0f %14.0f\n", name, ms(ins), ms(mod))
	}

	ins, mod, err := benchUpdateRuche(ctx, insert, modify)
	line("ruche serve (HTTP)", ins, mod, err)
	if *jenaCP != "" {
		ins, mod, err = benchUpdateJena(ctx, *jenaCP, insert, modify)
		line("Jena 4.5 in memory", ins, mod, err)
	}
	if *virtuoso != "" {
		ins, mod, err = benchUpdateVirtuoso(ctx, *virtuoso, []string{insert}, modify)
		line("Virtuoso (HTTP)", ins, mod, err)
		if err != nil {
			// Virtuoso's SPARQL compiler runs out of memory on a few
			// thousand triples of INSERT DATA: its users send batches.
			const batch = 2_000
			var parts []string
			for i := 0; i < len(lines); i += batch {
				parts = append(parts, insertData(lines[i:min(i+batch, len(lines))]))
			}
			ins, mod, err = benchUpdateVirtuoso(ctx, *virtuoso, parts, modify)
			line(fmt.Sprintf("Virtuoso (HTTP, %d requests)", len(parts)), ins, mod, err)
		}
	}
	return nil
}

// benchUpdateRuche serves a fresh folder and POSTs both requests with a
// coordination token, as a client would.
func benchUpdateRuche(ctx context.Context, insert, modify string) (time.Duration, time.Duration, error) {
	dir, err := os.MkdirTemp("", "ruche-bench-update-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	defer ln.Close()
	base := "http://" + ln.Addr().String() + "/"
	cfg := api.DefaultConfig()
	cfg.Base = base
	srv, err := api.New(cfg)
	if err != nil {
		return 0, 0, err
	}
	st, err := openForServe(ctx, dir, base, newLogger(env{stderr: io.Discard}, "text"))
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	srv.SetStore(st)
	go http.Serve(ln, srv.Handler())
	token, _, err := records.CreateToken(ctx, st, records.TokenSpec{Role: records.RoleCoordination, Name: "bench update"})
	if err != nil {
		return 0, 0, err
	}
	post := func(src string) (time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"sparql", strings.NewReader(src))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/sparql-update")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			return 0, fmt.Errorf("ruche answered %s: %.300s", resp.Status, body)
		}
		return time.Since(start), nil
	}
	ins, err := post(insert)
	if err != nil {
		return 0, 0, err
	}
	mod, err := post(modify)
	return ins, mod, err
}

// jenaUpdateBench is the Java side: an in-memory transactional dataset,
// each file parsed and executed in one write transaction, timed.
const jenaUpdateBench = `import java.nio.file.*;
import org.apache.jena.query.*;
import org.apache.jena.update.UpdateAction;

public class RucheUpdateBench {
  public static void main(String[] args) throws Exception {
    Dataset ds = DatasetFactory.createTxnMem();
    for (String f : args) {
      String u = Files.readString(Path.of(f));
      long t0 = System.nanoTime();
      ds.begin(ReadWrite.WRITE);
      UpdateAction.parseExecute(u, ds);
      ds.commit();
      ds.end();
      System.out.println((System.nanoTime() - t0) / 1000);
    }
  }
}
`

// benchUpdateJena compiles jenaUpdateBench against cp and runs both
// requests in one JVM (the first one pays the JIT's warm-up).
func benchUpdateJena(ctx context.Context, cp, insert, modify string) (time.Duration, time.Duration, error) {
	dir, err := os.MkdirTemp("", "ruche-bench-jena-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	files := map[string]string{"RucheUpdateBench.java": jenaUpdateBench, "insert.ru": insert, "modify.ru": modify}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return 0, 0, err
		}
	}
	if out, err := exec.CommandContext(ctx, "javac", "-cp", cp, "-d", dir, filepath.Join(dir, "RucheUpdateBench.java")).CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("javac: %v: %.500s", err, out)
	}
	cmd := exec.CommandContext(ctx, "java", "-Xmx4g", "-cp", dir+":"+cp, "RucheUpdateBench", filepath.Join(dir, "insert.ru"), filepath.Join(dir, "modify.ru"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("java: %v: %.500s", err, stderr.String())
	}
	var us [2]int64
	if n, _ := fmt.Sscan(string(out), &us[0], &us[1]); n != 2 {
		return 0, 0, fmt.Errorf("java printed %q", out)
	}
	return time.Duration(us[0]) * time.Microsecond, time.Duration(us[1]) * time.Microsecond, nil
}

// benchUpdateVirtuoso empties the benchmark graph, then POSTs the insert
// (one request or several, timed together) and the modify to a Virtuoso
// endpoint (Virtuoso reads updates from the query parameter).
func benchUpdateVirtuoso(ctx context.Context, endpoint string, inserts []string, modify string) (time.Duration, time.Duration, error) {
	post := func(src string) (time.Duration, error) {
		form := url.Values{"query": {src}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return 0, fmt.Errorf("virtuoso answered %s: %.300s", resp.Status, body)
		}
		return time.Since(start), nil
	}
	if _, err := post("CLEAR SILENT GRAPH <" + updateBenchGraph + ">"); err != nil {
		return 0, 0, errors.Join(errors.New("clearing the graph (has the SPARQL user SPARQL_UPDATE?)"), err)
	}
	var ins time.Duration
	for _, insert := range inserts {
		d, err := post(insert)
		if err != nil {
			return 0, 0, fmt.Errorf("%.400s", err)
		}
		ins += d
	}
	mod, err := post(modify)
	return ins, mod, err
}
