#include "providers/aws/sts.hpp"

namespace cw::providers::aws {

CallerIdentity sts_caller_identity(AwsClient& aws) {
  return parse_get_caller_identity(aws.query("sts", "us-east-1", aws.endpoint("sts", "https://sts.amazonaws.com"),
                                             "Action=GetCallerIdentity&Version=2011-06-15")
                                       .body);
}

}  // namespace cw::providers::aws
