#pragma once
/// The simulated cloud's persisted state: one row per resource changed through the API
/// (table simulated_objects, migration 0003). The generated inventory is never stored; a row
/// overrides resource `base_index`, or is a resource created through the API (base_index NULL).
///
/// Lifecycles are computed from time, not driven by threads: a row says "status S now, target T
/// from transition_at on", and whoever reads it after transition_at sees T. Target "gone" means
/// the resource is no longer listed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.hpp"
#include "storage/database.hpp"

namespace cw::providers::simulated {

struct StoredObject {
  std::string external_id;
  std::optional<std::int64_t> base_index;  // nullopt: created through the API
  std::int64_t seq = 0;                    // listing order among created resources
  ResourceRecord record;                   // record.status: shown until transition_at
  std::optional<std::string> target_status;
  std::optional<Millis> transition_at;
  bool deleted = false;
  std::optional<Millis> stopped_since;
  Millis updated_at = 0;

  /// The status at `now`; "gone" when the resource no longer exists.
  std::string status_at(Millis now) const;
  /// A transition is scheduled and not reached yet.
  bool in_transition(Millis now) const { return transition_at && target_status && now < *transition_at; }
  /// Folds a transition that has been reached into the stable state.
  void settle(Millis now);
};

class StateStore {
 public:
  StateStore(storage::Database& db, std::string account_id) : db_(db), account_id_(std::move(account_id)) {}

  std::optional<StoredObject> find(const std::string& external_id);
  /// Overrides of generated resources with begin ≤ base_index < end.
  std::vector<StoredObject> overrides_in(std::int64_t begin, std::int64_t end);
  /// Created resources after the cursor (seq, external_id), in listing order.
  std::vector<StoredObject> created_after(std::int64_t seq, const std::string& external_id, int limit);
  std::vector<StoredObject> all();
  /// Inserts or replaces the row. A created resource (no base_index) with seq 0 gets the next seq.
  void save(const StoredObject& object);
  /// Ids updated after `since`, or whose transition falls in (since, now].
  std::vector<std::string> changed_since(Millis since, Millis now);

  /// Drops every row of an account (when the account is removed from CloudWeave).
  static void forget(storage::Database& db, const std::string& account_id);

 private:
  storage::Database& db_;
  std::string account_id_;
};

}  // namespace cw::providers::simulated
