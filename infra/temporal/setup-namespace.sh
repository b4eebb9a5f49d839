#!/bin/sh
# A temporalio/admin-tools job (docker-compose.yml: temporal-setup): waits until the server is
# healthy, then creates the namespace and the case search attributes (names and types as in
# workflows/search-attributes.ts). The worker and the API start only once this has succeeded.
set -eu
: "${TEMPORAL_ADDRESS:?}"
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${TEMPORAL_NAMESPACE_RETENTION:-30d}
export TEMPORAL_ADDRESS

tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "Temporal at $TEMPORAL_ADDRESS is not healthy after 60 tries"; exit 1; }
  echo "waiting for Temporal at $TEMPORAL_ADDRESS ($tries)"; sleep 5
done

if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
fi
# A new namespace is served once the frontend's cache has it (about 10 s); describe reads the
# database and passes before that, listing its search attributes does not.
tries=0
until existing=$(temporal operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null); do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "namespace $NAMESPACE is not served after 60 tries"; exit 1; }
  sleep 2
done
for pair in CaseStatus:Keyword CaseDepartment:Keyword CaseJurisdiction:Keyword CaseCategory:Keyword CaseUrgency:Keyword \
            CaseEscalationLevel:Int CaseNextDeadline:Datetime CaseOverdue:Bool; do
  name=${pair%%:*}; type=${pair#*:}
  if echo "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type"
  fi
done
echo "namespace $NAMESPACE and the case search attributes are ready"
