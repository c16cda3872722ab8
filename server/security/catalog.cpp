#include "security/catalog.hpp"

#include <set>

#include "core/crypto.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& why) {
  throw CatalogError("security catalog " + file + ": " + (where.empty() ? "" : where + ": ") + why);
}

json parse_file(const EmbeddedFile& f) {
  json doc = json::parse(f.text, nullptr, false);
  if (doc.is_discarded()) fail(f.name, "", "not valid JSON");
  return doc;
}

std::string string_field(const json& j, const char* field, const std::string& file, const std::string& where,
                         bool required = true) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string() || (required && it->get<std::string>().empty())) {
    if (!required && it == j.end()) return "";
    fail(file, where, std::string(field) + " must be a non-empty string");
  }
  return it->get<std::string>();
}

}  // namespace

Catalog Catalog::load(const std::vector<EmbeddedFile>& rule_files, const std::vector<EmbeddedFile>& framework_files) {
  Catalog c;
  std::string digest;
  for (const auto& f : rule_files) {
    json doc = parse_file(f);
    digest += f.name;
    digest += f.text;
    auto rules = doc.is_object() ? doc.find("rules") : doc.end();
    if (!doc.is_object() || rules == doc.end() || !rules->is_array() || rules->empty())
      fail(f.name, "", "must be an object {\"rules\": [ … ]} with at least one rule");
    for (size_t i = 0; i < rules->size(); ++i) {
      const json& in = (*rules)[i];
      std::string where = "rule #" + std::to_string(i + 1);
      if (in.is_object() && in.contains("id") && in["id"].is_string())
        where += " (" + in["id"].get<std::string>() + ")";
      FieldErrors errors;
      auto rule = parse_rule(in, errors);
      if (!rule) fail(f.name, where, errors.begin()->first + " " + errors.begin()->second);
      if (rule->passing.empty() || rule->failing.empty())
        fail(f.name, where, "examples must hold at least one passing and one failing resource");
      if (c.by_id_.count(rule->id)) fail(f.name, where, "id " + rule->id + " is used by another rule");
      rule->source = f.name;
      c.by_id_[rule->id] = c.rules_.size();
      c.rules_.push_back(std::move(*rule));
    }
  }
  std::set<std::string> framework_ids;
  for (const auto& f : framework_files) {
    json doc = parse_file(f);
    digest += f.name;
    digest += f.text;
    if (!doc.is_object()) fail(f.name, "", "must be an object {id, name, version, requirements}");
    Framework fw;
    fw.id = string_field(doc, "id", f.name, "");
    fw.name = string_field(doc, "name", f.name, "");
    fw.version = string_field(doc, "version", f.name, "");
    fw.url = string_field(doc, "url", f.name, "", false);
    if (!framework_ids.insert(fw.id).second) fail(f.name, "", "framework id " + fw.id + " is used twice");
    if (doc.contains("providers")) {
      if (!doc["providers"].is_array()) fail(f.name, "", "providers must be a list");
      for (const auto& p : doc["providers"])
        if (p.is_string()) fw.providers.push_back(p.get<std::string>());
    }
    auto reqs = doc.find("requirements");
    if (reqs == doc.end() || !reqs->is_array() || reqs->empty())
      fail(f.name, "", "requirements must be a non-empty list");
    std::set<std::string> seen;
    for (size_t i = 0; i < reqs->size(); ++i) {
      const json& in = (*reqs)[i];
      std::string where = "requirement #" + std::to_string(i + 1);
      if (!in.is_object()) fail(f.name, where, "must be an object {id, title, rules}");
      Requirement r;
      r.id = string_field(in, "id", f.name, where);
      where = "requirement " + r.id;
      r.title = string_field(in, "title", f.name, where);
      r.section = string_field(in, "section", f.name, where, false);
      if (!seen.insert(r.id).second) fail(f.name, where, "is listed twice");
      if (in.contains("rules")) {
        if (!in["rules"].is_array()) fail(f.name, where, "rules must be a list of rule ids");
        for (const auto& id : in["rules"]) {
          if (!id.is_string() || !c.by_id_.count(id.get<std::string>()))
            fail(f.name, where, "names rule " + id.dump() + ", which the catalog does not have");
          r.rules.push_back(id.get<std::string>());
          c.mappings_[id.get<std::string>()].push_back({{"framework", fw.id}, {"requirement", r.id}});
        }
      }
      fw.requirements.push_back(std::move(r));
    }
    c.frameworks_.push_back(std::move(fw));
  }
  c.version_ = crypto::sha256_hex(digest).substr(0, 12);
  return c;
}

const Catalog& Catalog::shipped() {
  static const Catalog kCatalog = load(embedded_rules_files(), embedded_frameworks_files());
  return kCatalog;
}

const Rule* Catalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

const Framework* Catalog::framework(const std::string& id) const {
  for (const auto& f : frameworks_)
    if (f.id == id) return &f;
  return nullptr;
}

json Catalog::mappings_of(const std::string& rule_id) const {
  auto it = mappings_.find(rule_id);
  return it == mappings_.end() ? json::array() : it->second;
}

std::vector<std::string> Catalog::rules_of(const std::string& framework_id) const {
  std::set<std::string> ids;
  if (const Framework* f = framework(framework_id))
    for (const auto& r : f->requirements) ids.insert(r.rules.begin(), r.rules.end());
  return {ids.begin(), ids.end()};
}

}  // namespace cw::security
