#!/usr/bin/env python3
"""Difference of two scrapes of a kube-apiserver's /metrics (`kubectl get --raw /metrics > f`):
apiserver_request_total by verb and resource, apiserver_flowcontrol_dispatched_requests_total by flow
schema, in all and per sandbox. The same counting as ProvisioningBenchmark's, for the raw floor.
  python3 apiserver-requests.py before.txt after.txt N"""
import collections
import re
import sys

SAMPLE = re.compile(r'^([a-z_]+)\{([^}]*)\} ([0-9.e+]+)$')
LABEL = re.compile(r'([a-z_]+)="([^"]*)"')


def read(path):
    req, flow = collections.Counter(), collections.Counter()
    for line in open(path):
        m = SAMPLE.match(line.strip())
        if not m:
            continue
        labels = dict(LABEL.findall(m.group(2)))
        value = float(m.group(3))
        if m.group(1) == "apiserver_request_total":
            res = labels.get("resource") or "(non-resource)"
            sub = labels.get("subresource")
            req["%s %s%s" % (labels.get("verb", "?"), res, "/" + sub if sub else "")] += value
        elif m.group(1) == "apiserver_flowcontrol_dispatched_requests_total":
            flow[labels.get("flow_schema", "?")] += value
    return req, flow


(b_req, b_flow), (a_req, a_flow) = read(sys.argv[1]), read(sys.argv[2])
n = int(sys.argv[3])
req = {k: v - b_req.get(k, 0) for k, v in a_req.items() if v - b_req.get(k, 0) > 0}
flow = {k: v - b_flow.get(k, 0) for k, v in a_flow.items() if v - b_flow.get(k, 0) > 0}
total = sum(req.values())
print("API requests counted by the API server: %.0f (%.2f per sandbox); by flow schema per sandbox: %s" % (
    total, total / n, ", ".join("%s %.2f" % (k, v / n) for k, v in sorted(flow.items(), key=lambda kv: -kv[1]))))
for k, v in sorted(req.items(), key=lambda kv: -kv[1])[:24]:
    print("    %-44s %7.0f  %6.2f per sandbox" % (k, v, v / n))
