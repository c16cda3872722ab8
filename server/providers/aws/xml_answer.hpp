#pragma once
/// Reading an AWS XML answer (EC2, query and rest-xml protocols) with pugixml. Bodies come from
/// outside: anything that is not the expected document is ProviderError("MalformedResponse").
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace cw::providers::aws {

/// Parses `body` into `doc` and returns its root element, which must be named `root_name`
/// (any name when null). `what` names the call in the error ("DescribeVolumes").
pugi::xml_node xml_root(pugi::xml_document& doc, std::string_view body, const char* root_name, std::string_view what);

/// As xml_root, but parses `body` where it lies instead of in a copy: for the big answers (a
/// DescribeInstances page of 1,000 instances is 1.6 MB). `body` is changed, and must outlive `doc`.
pugi::xml_node xml_root_in_place(pugi::xml_document& doc, std::string& body, const char* root_name,
                                 std::string_view what);

/// The text of `node`'s first child called `name`; "" when there is none.
std::string child_text(const pugi::xml_node& node, const char* name);

/// Sets `obj[key]` to `value` unless it is empty: AWS leaves out (or empties) what is not set.
void put_if(nlohmann::json& obj, const char* key, const std::string& value);

}  // namespace cw::providers::aws
