package records

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ruche-lod/ruche/store"
)

// MetaAudit prefixes the audit records: audit/<UTC time>/<seq> → JSON
// AuditRecord. They live in the private meta space of the store.
const MetaAudit = "audit/"

// AuditRecord is one recorded write.
type AuditRecord struct {
	TokenID   string    `json:"tokenId"`
	TokenName string    `json:"tokenName"`
	Role      string    `json:"role"`
	When      time.Time `json:"when"`
	Method    string    `json:"method"`
	Resource  string    `json:"resource"`
	Before    string    `json:"before,omitempty"` // resource hash before the write, "" if new
	After     string    `json:"after,omitempty"`  // resource hash after the write
}

var auditSeq atomic.Uint64

// auditTimeLayout sorts lexically in time order.
const auditTimeLayout = "2006-01-02T15:04:05.000000000Z"

// PutAudit writes one audit record inside the write's transaction.
func PutAudit(tx *store.Txn, rec AuditRecord) error {
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%s%s/%08d", MetaAudit, rec.When.UTC().Format(auditTimeLayout), auditSeq.Add(1)%100000000)
	return tx.PutMeta(key, body)
}

// ListAudit returns the audit records written at or after since (zero: all)
// about resource (empty: any), oldest first.
func ListAudit(ctx context.Context, st *store.Store, since time.Time, resource string) ([]AuditRecord, error) {
	snap := st.Snapshot()
	defer snap.Close()
	var out []AuditRecord
	for e, err := range snap.ScanMeta(ctx, MetaAudit) {
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		var rec AuditRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return nil, fmt.Errorf("audit: record %s: %w", e.Key, err)
		}
		if !since.IsZero() && rec.When.Before(since) {
			continue
		}
		if resource != "" && rec.Resource != resource {
			continue
		}
		out = append(out, rec)
	}
	return out, nil
}
