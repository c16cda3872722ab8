#include "providers/aws/rds.hpp"

#include <algorithm>

#include "providers/aws/xml_answer.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

common::HttpResponse rds_call(AwsClient& aws, const std::string& region, const std::string& form) {
  return aws.query("rds", region, aws.regional_endpoint("rds", region), form);
}

}  // namespace

std::string map_db_status(const std::string& s) {
  if (s == "creating") return "provisioning";
  if (s == "stopped" || s == "stopping") return "stopped";
  if (s == "deleting") return "terminated";
  if (s == "failed" || s == "storage-full" || s.rfind("incompatible-", 0) == 0 || s.rfind("inaccessible-", 0) == 0)
    return "error";
  return "running";
}

ResourcePage parse_describe_db_instances(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node result =
      xml_root(doc, body, "DescribeDBInstancesResponse", "DescribeDBInstances").child("DescribeDBInstancesResult");
  if (!result) throw ProviderError("MalformedResponse", "not a DescribeDBInstancesResponse");
  ResourcePage page;
  page.next_token = child_text(result, "Marker");
  for (pugi::xml_node db : result.child("DBInstances").children("DBInstance")) {
    ResourceRecord r;
    r.name = child_text(db, "DBInstanceIdentifier");
    if (r.name.empty()) throw ProviderError("MalformedResponse", "DBInstance without DBInstanceIdentifier");
    r.external_id = child_text(db, "DBInstanceArn");
    if (r.external_id.empty()) r.external_id = "arn:aws:rds:" + region + "::db:" + r.name;
    r.provider = "aws";
    r.type = "database";
    r.region = region;
    std::string status = child_text(db, "DBInstanceStatus");
    r.status = map_db_status(status);
    r.spec["engine"] = child_text(db, "Engine");
    r.spec["engineVersion"] = child_text(db, "EngineVersion");
    r.spec["instanceType"] = child_text(db, "DBInstanceClass");
    r.spec["storageGb"] = db.child("AllocatedStorage").text().as_double();
    r.spec["multiAz"] = db.child("MultiAZ").text().as_bool();
    r.spec["rdsStatus"] = status;
    put_if(r.spec, "availabilityZone", child_text(db, "AvailabilityZone"));
    put_if(r.spec, "storageType", child_text(db, "StorageType"));
    if (pugi::xml_node ep = db.child("Endpoint")) {
      r.spec["endpoint"] = child_text(ep, "Address");
      r.spec["port"] = ep.child("Port").text().as_int();
    }
    for (pugi::xml_node tag : db.child("TagList").children("Tag"))
      r.tags[child_text(tag, "Key")] = child_text(tag, "Value");
    r.posture["encrypted"] = db.child("StorageEncrypted").text().as_bool();
    r.posture["publicAccess"] = db.child("PubliclyAccessible").text().as_bool();
    r.posture["backupRetentionDays"] = db.child("BackupRetentionPeriod").text().as_int();
    r.posture["backupsEnabled"] = db.child("BackupRetentionPeriod").text().as_int() > 0;
    // Left out when the answer does not carry them (older API versions): unknown, not false.
    if (pugi::xml_node n = db.child("AutoMinorVersionUpgrade"))
      r.posture["autoMinorVersionUpgrade"] = n.text().as_bool();
    if (pugi::xml_node n = db.child("DeletionProtection")) r.posture["deletionProtection"] = n.text().as_bool();
    if (auto t = parse_rfc3339(child_text(db, "InstanceCreateTime"))) r.created_at = *t;
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage rds_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size) {
  std::string form =
      "Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=" + std::to_string(std::clamp(page_size, 20, 100));
  if (!marker.empty()) form += "&Marker=" + uri_encode(marker, false);
  return parse_describe_db_instances(rds_call(aws, region, form).body, region);
}

std::optional<ResourceRecord> rds_find(AwsClient& aws, const std::string& arn) {
  // arn:aws:rds:<region>:<account>:db:<identifier>
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = arn.find(':', start)) != std::string::npos; start = colon + 1)
    parts.push_back(arn.substr(start, colon - start));
  parts.push_back(arn.substr(start));
  if (parts.size() != 7 || parts[2] != "rds" || parts[5] != "db" || parts[3].empty() || parts[6].empty())
    throw ProviderError("InvalidParameterValue", "not an RDS DB instance ARN: " + arn);
  try {
    ResourcePage page = parse_describe_db_instances(
        rds_call(aws, parts[3],
                 "Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=" + uri_encode(parts[6], false))
            .body,
        parts[3]);
    if (page.items.empty()) return std::nullopt;
    return page.items.front();
  } catch (const ProviderError& e) {
    if (e.code() == "DBInstanceNotFound") return std::nullopt;
    throw;
  }
}

}  // namespace cw::providers::aws
