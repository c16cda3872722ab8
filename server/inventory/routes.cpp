#include "inventory/routes.hpp"

#include <cmath>

#include "core/crypto.hpp"
#include "core/json_body.hpp"
#include "http/paging.hpp"
#include "inventory/rendered_pages.hpp"

namespace cw::inventory {

namespace {
using http::RequestContext;

std::optional<nlohmann::json> read_tags(JsonBody& body) {
  auto tags = body.optional_object("tags", 8192);
  if (!tags) return std::nullopt;
  if (tags->size() > 50) body.fail("tags", "at most 50 tags");
  for (auto it = tags->begin(); it != tags->end(); ++it) {
    if (it.key().empty() || it.key().size() > 128 || !it.value().is_string() ||
        it.value().get<std::string>().size() > 256) {
      body.fail("tags", "keys (1–128 characters) map to string values (≤ 256 characters)");
      break;
    }
  }
  return tags;
}

std::string name_of_type_list() {
  std::string s;
  for (const char* t : providers::kResourceTypes) s += (s.empty() ? "" : ", ") + std::string(t);
  return s;
}

bool known_type(const std::string& t) {
  for (const char* k : providers::kResourceTypes) {
    if (t == k) return true;
  }
  return false;
}

/// Resource flavours of API.md (a simulated account is aws-, azure- or gcp-flavoured).
constexpr const char* kResourceProviders[] = {"aws", "azure", "gcp"};

/// A list filter value outside its enumeration would silently match nothing: 400 naming the
/// field and the allowed values instead.
template <size_t N>
void check_filter_value(const char* field, const std::optional<std::string>& value, const char* const (&allowed)[N]) {
  if (!value) return;
  std::string list;
  for (const char* a : allowed) {
    if (*value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw field_error(field, "must be one of: " + list);
}

struct SortColumn {
  const char* field;
  const char* column;
  bool numeric;
};
constexpr SortColumn kSortColumns[] = {{"name", "name", false},           {"type", "type", false},
                                       {"status", "status", false},       {"region", "region", false},
                                       {"provider", "provider", false},   {"monthlyCost", "monthly_cost", true},
                                       {"createdAt", "created_at", true}, {"updatedAt", "updated_at", true}};

/// Everything that decides a GET /resources page, as one cache key.
std::string page_key(const std::string& org, const ResourceFilter& f) {
  // Each part length-prefixed ("-" when absent): no query text can pass for another query's.
  std::string key = org;
  auto add = [&](const std::optional<std::string>& v) {
    if (v)
      key.append(std::to_string(v->size())).append(":").append(*v);
    else
      key += '-';
  };
  add(f.provider);
  add(f.account_id);
  add(f.type);
  add(f.status);
  add(f.region);
  add(f.tag ? std::optional(f.tag->first + ':' + f.tag->second) : std::nullopt);
  add(f.text);
  add(f.sort_column + (f.descending ? " desc" : " asc"));
  add(f.after ? std::optional(f.after->first + '\x1e' + f.after->second) : std::nullopt);
  add(std::to_string(f.limit));
  return key;
}

std::string sort_value(const Resource& r, const std::string& column) {
  if (column == "name") return r.name;
  if (column == "type") return r.type;
  if (column == "status") return r.status;
  if (column == "region") return r.region;
  if (column == "provider") return r.provider;
  if (column == "monthly_cost") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", r.monthly_cost);
    return buf;
  }
  if (column == "created_at") return std::to_string(r.created_at);
  return std::to_string(r.updated_at);
}

/// Money in a response: whole cents. Sums of many doubles carry float noise (1234.5600000001).
double cents(double usd) { return std::round(usd * 100.0) / 100.0; }

Millis parse_time_param(const RequestContext& ctx, const char* name, Millis fallback) {
  auto v = ctx.query(name);
  if (!v || v->empty()) return fallback;
  auto t = parse_rfc3339(*v);
  if (!t) throw field_error(name, "must be an RFC 3339 timestamp like 2026-01-31T00:00:00Z");
  return *t;
}
}  // namespace

void register_routes(http::Router& router, ResourceService& resources, ResourceRepository& resource_repo) {
  // ---------------------------------------------------------------- resources
  auto pages = std::make_shared<RenderedPages>();
  router.add("GET", "/api/v1/resources",
             [&, pages](RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               ResourceFilter f;
               f.provider = ctx.query("provider");
               f.account_id = ctx.query("providerId");
               f.type = ctx.query("type");
               f.status = ctx.query("status");
               f.region = ctx.query("region");
               check_filter_value("type", f.type, providers::kResourceTypes);
               check_filter_value("status", f.status, providers::kResourceStatuses);
               check_filter_value("provider", f.provider, kResourceProviders);
               if (auto tag = ctx.query("tag"); tag && !tag->empty()) {
                 auto colon = tag->find(':');
                 if (colon == std::string::npos || colon == 0) throw field_error("tag", "must be key:value");
                 f.tag = std::make_pair(tag->substr(0, colon), tag->substr(colon + 1));
               }
               if (auto q = ctx.query("q"); q && !q->empty()) f.text = q->substr(0, 200);
               std::vector<std::string> fields;
               for (const auto& c : kSortColumns) fields.push_back(c.field);
               auto sort = http::parse_sort(ctx, fields, {"name", false});
               for (const auto& c : kSortColumns) {
                 if (sort.field == c.field) {
                   f.sort_column = c.column;
                   f.sort_numeric = c.numeric;
                 }
               }
               f.descending = sort.descending;
               auto kind = !f.sort_numeric        ? http::KeysetValue::kText
                           : f.sorts_by_integer() ? http::KeysetValue::kInteger
                                                  : http::KeysetValue::kNumber;
               if (auto at = http::keyset_position(page, kind)) f.after = std::make_pair(at->value, at->id);
               f.limit = page.limit + 1;
               const std::string& org = ctx.caller().organization_id;
               std::int64_t version = resource_repo.version(org);  // before the rows it vouches for
               std::string key = page_key(org, f);
               if (auto body = pages->find(key, version)) return http::raw_json(std::move(*body));
               auto rows = resource_repo.list(org, f);
               nlohmann::json next = nullptr;
               if (static_cast<int>(rows.size()) > page.limit) {
                 rows.pop_back();
                 next = http::encode_keyset_cursor(sort_value(rows.back(), f.sort_column), rows.back().id);
               }
               nlohmann::json items = nlohmann::json::array();
               for (const auto& r : rows) items.push_back(to_json(r, resources.providers()));
               http::Response response = http::ok_list(
                   items,
                   {{"limit", page.limit}, {"nextCursor", next}, {"total", resource_repo.count(org, f, version)}});
               pages->remember(key, version, response.body);
               return response;
             },
             {.blocking = true});  // a filtered count over many rows takes milliseconds: off the IO threads

  router.add("GET", "/api/v1/resources/summary",
             [&](RequestContext& ctx) {
               nlohmann::json out = nlohmann::json::object();
               double total_cost = 0;
               long long total = 0;
               for (const char* dim : {"status", "provider", "type", "region"}) {
                 nlohmann::json rows = nlohmann::json::array();
                 for (const auto& [value, count, cost] : resource_repo.summary(ctx.caller().organization_id, dim)) {
                   rows.push_back({{"value", value}, {"count", count}, {"monthlyCost", cents(cost)}});
                   if (std::string(dim) == "status") {
                     total += count;
                     total_cost += cost;
                   }
                 }
                 out[std::string("by") + static_cast<char>(std::toupper(dim[0])) + (dim + 1)] = rows;
               }
               out["total"] = total;
               out["monthlyCost"] = cents(total_cost);
               return http::ok(out);
             },
             {.blocking = true});  // a filtered count over many rows takes milliseconds: off the IO threads

  router.add("POST", "/api/v1/resources",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               NewResourceRequest req;
               req.resource.name = body.string("name", 1, 128);
               req.resource.type = body.string("type", 1, 32);
               if (!req.resource.type.empty() && !known_type(req.resource.type))
                 body.fail("type", "must be one of: " + name_of_type_list());
               req.account_id = body.string("providerId", 1, 64);
               req.resource.region = body.string("region", 1, 64);
               if (auto spec = body.optional_object("spec", 16 * 1024)) req.resource.spec = *spec;
               if (auto tags = read_tags(body)) req.resource.tags = *tags;
               body.finish();
               Resource r = resources.create(ctx.caller(), req);
               ctx.audit_target_id = r.id;
               return http::created(to_json(r, resources.providers()));
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "resources.create", .target_type = "resource"});

  router.add("GET", "/api/v1/resources/{id}", [&](RequestContext& ctx) {
    return http::ok(to_json(resources.get(ctx.caller(), ctx.param("id")), resources.providers()));
  });

  router.add("PATCH", "/api/v1/resources/{id}",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               providers::ResourcePatch p;
               p.name = body.optional_string("name", 1, 128);
               p.spec = body.optional_object("spec", 16 * 1024);
               p.tags = read_tags(body);
               if (!p.name && !p.spec && !p.tags) body.fail("name", "give name, spec or tags to change");
               body.finish();
               return http::ok(to_json(resources.update(ctx.caller(), ctx.param("id"), p), resources.providers()));
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "resources.update", .target_type = "resource"});

  router.add("DELETE", "/api/v1/resources/{id}",
             [&](RequestContext& ctx) {
               return http::ok(to_json(resources.remove(ctx.caller(), ctx.param("id")), resources.providers()), 202);
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "resources.delete", .target_type = "resource"});

  router.add("POST", "/api/v1/resources/{id}/actions/{action}",
             [&](RequestContext& ctx) {
               const std::string& name = ctx.param("action");
               providers::Action action;
               if (name == "start")
                 action = providers::Action::kStart;
               else if (name == "stop")
                 action = providers::Action::kStop;
               else if (name == "reboot")
                 action = providers::Action::kReboot;
               else
                 throw not_found("action '" + name + "'");
               ctx.audit_target_id = ctx.param("id");
               ctx.audit_details = {{"action", name}};
               return http::ok(to_json(resources.act(ctx.caller(), ctx.param("id"), action), resources.providers()),
                               202);
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "resources.action", .target_type = "resource"});

  router.add("GET", "/api/v1/resources/{id}/metrics",
             [&](RequestContext& ctx) {
               MetricQuery q;
               q.metric = ctx.query("metric").value_or("cpu_utilization");
               bool known = false;
               for (const char* m : providers::kMetricNames) known = known || q.metric == m;
               if (!known)
                 throw field_error("metric", "is not a known metric (cpu_utilization, memory_utilization, …)");
               Millis now = SystemClock().now_ms();
               q.to = parse_time_param(ctx, "to", now);
               q.from = parse_time_param(ctx, "from", q.to - 24 * 3600 * 1000);
               if (q.from >= q.to) throw field_error("from", "must be before to");
               if (auto step = ctx.query("step")) {
                 // Digits only: "60s" or "1e3" is refused, not read as 60 or 1.
                 bool digits = !step->empty() && step->size() <= 5;
                 for (char c : *step) digits = digits && c >= '0' && c <= '9';
                 long long s = digits ? std::stoll(*step) : 0;
                 if (s < 10 || s > 86400) throw field_error("step", "must be seconds between 10 and 86400");
                 q.step_ms = s * 1000;
               } else {
                 q.step_ms = std::max<Millis>(60'000, (q.to - q.from) / 288);  // ~288 points by default
               }
               if ((q.to - q.from) / q.step_ms + 1 > 2000) throw field_error("step", "too many points (at most 2000)");
               return http::ok(resources.metrics(ctx.caller(), ctx.param("id"), q));
             },
             {.blocking = true});
}

}  // namespace cw::inventory
