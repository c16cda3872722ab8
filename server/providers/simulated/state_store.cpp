#include "providers/simulated/state_store.hpp"

#include "providers/simulated/inventory.hpp"

namespace cw::providers::simulated {

using storage::params;

namespace {
#define CW_SIM_COLUMNS \
  "external_id, base_index, seq, record, status, target_status, transition_at, deleted, stopped_since, updated_at"

constexpr const char* kSelectSimulatedObject =
    "SELECT " CW_SIM_COLUMNS " FROM simulated_objects WHERE account_id = ? AND external_id = ?";
constexpr const char* kSelectSimulatedOverrides = "SELECT " CW_SIM_COLUMNS
                                                  " FROM simulated_objects"
                                                  " WHERE account_id = ? AND base_index >= ? AND base_index < ?";
constexpr const char* kSelectSimulatedCreatedPage =
    "SELECT " CW_SIM_COLUMNS
    " FROM simulated_objects"
    " WHERE account_id = ? AND base_index IS NULL AND (seq > ? OR (seq = ? AND external_id > ?))"
    " ORDER BY seq, external_id LIMIT ?";
constexpr const char* kSelectSimulatedAll =
    "SELECT " CW_SIM_COLUMNS " FROM simulated_objects WHERE account_id = ? ORDER BY seq, external_id";
constexpr const char* kUpsertSimulatedObject =
    "INSERT INTO simulated_objects (account_id, " CW_SIM_COLUMNS
    ")"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (account_id, external_id) DO UPDATE SET base_index = excluded.base_index,"
    " seq = excluded.seq, record = excluded.record, status = excluded.status,"
    " target_status = excluded.target_status, transition_at = excluded.transition_at,"
    " deleted = excluded.deleted, stopped_since = excluded.stopped_since, updated_at = excluded.updated_at";
// A created resource goes to the end of the listing: seq = 1 + the largest so far. Two replicas
// creating at the same instant may draw the same seq; listing breaks the tie by external_id.
constexpr const char* kInsertSimulatedCreated =
    "INSERT INTO simulated_objects (account_id, " CW_SIM_COLUMNS
    ")"
    " VALUES (?, ?, NULL, (SELECT COALESCE(MAX(seq), 0) + 1 FROM simulated_objects WHERE account_id = ?),"
    " ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (account_id, external_id) DO UPDATE SET base_index = excluded.base_index,"
    " seq = excluded.seq, record = excluded.record, status = excluded.status,"
    " target_status = excluded.target_status, transition_at = excluded.transition_at,"
    " deleted = excluded.deleted, stopped_since = excluded.stopped_since, updated_at = excluded.updated_at";
constexpr const char* kSelectSimulatedChanges =
    "SELECT external_id FROM simulated_objects WHERE account_id = ?"
    " AND (updated_at > ? OR (transition_at > ? AND transition_at <= ?))";
constexpr const char* kDeleteSimulatedAccount = "DELETE FROM simulated_objects WHERE account_id = ?";
#undef CW_SIM_COLUMNS

StoredObject object_from(const storage::Row& r) {
  StoredObject o;
  o.external_id = r.text(0);
  o.base_index = r.opt_integer(1);
  o.seq = r.integer(2);
  o.record = record_from_json(nlohmann::json::parse(r.text(3), nullptr, false));
  o.record.external_id = o.external_id;
  o.record.status = r.text(4);
  o.target_status = r.opt_text(5);
  o.transition_at = r.opt_integer(6);
  o.deleted = r.boolean(7);
  o.stopped_since = r.opt_integer(8);
  o.updated_at = r.integer(9);
  return o;
}

std::vector<StoredObject> objects_from(const storage::Result& result) {
  std::vector<StoredObject> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(object_from(row));
  return out;
}
}  // namespace

std::string StoredObject::status_at(Millis now) const {
  if (transition_at && target_status && now >= *transition_at) return *target_status;
  return record.status;
}

void StoredObject::settle(Millis now) {
  if (transition_at && target_status && now >= *transition_at) {
    record.status = *target_status;
    target_status.reset();
    transition_at.reset();
  }
}

std::optional<StoredObject> StateStore::find(const std::string& external_id) {
  auto result = db_.execute(kSelectSimulatedObject, params(account_id_, external_id));
  if (result.empty()) return std::nullopt;
  return object_from(result.first());
}

std::vector<StoredObject> StateStore::overrides_in(std::int64_t begin, std::int64_t end) {
  return objects_from(db_.execute(kSelectSimulatedOverrides, params(account_id_, begin, end)));
}

std::vector<StoredObject> StateStore::created_after(std::int64_t seq, const std::string& external_id, int limit) {
  return objects_from(db_.execute(kSelectSimulatedCreatedPage, params(account_id_, seq, seq, external_id, limit)));
}

std::vector<StoredObject> StateStore::all() {
  return objects_from(db_.execute(kSelectSimulatedAll, params(account_id_)));
}

void StateStore::save(const StoredObject& o) {
  const std::string record = record_to_json(o.record).dump();
  if (!o.base_index && o.seq == 0) {
    db_.execute(kInsertSimulatedCreated,
                params(account_id_, o.external_id, account_id_, record, o.record.status, o.target_status,
                       o.transition_at, o.deleted, o.stopped_since, o.updated_at));
    return;
  }
  db_.execute(kUpsertSimulatedObject,
              params(account_id_, o.external_id, o.base_index, o.seq, record, o.record.status, o.target_status,
                     o.transition_at, o.deleted, o.stopped_since, o.updated_at));
}

std::vector<std::string> StateStore::changed_since(Millis since, Millis now) {
  std::vector<std::string> ids;
  for (const auto& row : db_.execute(kSelectSimulatedChanges, params(account_id_, since, since, now)).rows)
    ids.push_back(row.text(0));
  return ids;
}

void StateStore::forget(storage::Database& db, const std::string& account_id) {
  db.execute(kDeleteSimulatedAccount, params(account_id));
}

}  // namespace cw::providers::simulated
