#include "providers/aws/xml_answer.hpp"

#include "providers/provider.hpp"

namespace cw::providers::aws {

namespace {

pugi::xml_node checked_root(const pugi::xml_document& doc, const pugi::xml_parse_result& ok, const char* root_name,
                            std::string_view what) {
  if (!ok)
    throw ProviderError("MalformedResponse", "AWS answer to " + std::string(what) + " is not XML: " + ok.description());
  pugi::xml_node root = doc.document_element();
  if (!root || (root_name && std::string_view(root.name()) != root_name))
    throw ProviderError("MalformedResponse",
                        "AWS answer to " + std::string(what) + " is not a " + (root_name ? root_name : "document"));
  return root;
}

}  // namespace

pugi::xml_node xml_root(pugi::xml_document& doc, std::string_view body, const char* root_name, std::string_view what) {
  return checked_root(doc, doc.load_buffer(body.data(), body.size()), root_name, what);
}

pugi::xml_node xml_root_in_place(pugi::xml_document& doc, std::string& body, const char* root_name,
                                 std::string_view what) {
  return checked_root(doc, doc.load_buffer_inplace(body.data(), body.size()), root_name, what);
}

std::string child_text(const pugi::xml_node& node, const char* name) { return node.child_value(name); }

void put_if(nlohmann::json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

}  // namespace cw::providers::aws
