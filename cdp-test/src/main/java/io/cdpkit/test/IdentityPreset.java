package io.cdpkit.test;

import io.cdpkit.core.identity.IdentifierRule;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergePolicy;

/** Identity rules a {@link CdpTest} can start from. */
public enum IdentityPreset {
  /** {@link IdentityRules#defaults()}. */
  DEFAULT,
  /** No automatic merges: every identifier type attaches only (manual merges still work). */
  NO_AUTOMATIC_MERGE;

  IdentityRules rules() {
    if (this == DEFAULT) {
      return IdentityRules.defaults();
    }
    IdentityRules.Builder builder = IdentityRules.defaults().toBuilder().ruleForOtherTypes(MergePolicy.NEVER, 50, 10);
    for (String type : new String[] {"user_id", "email", "phone", "whatsapp", "sms", "device_id", "anonymous_id"}) {
      IdentifierRule rule = IdentityRules.defaults().rule(type);
      builder.rule(new IdentifierRule(type, MergePolicy.NEVER, rule.priority(), rule.limit(), rule.exclusive()));
    }
    return builder.build();
  }
}
