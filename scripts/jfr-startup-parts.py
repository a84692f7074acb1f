#!/usr/bin/env python3
"""Reads `jfr print --stack-depth 96 --events jdk.ExecutionSample` on stdin; prints, per thread, which part of
Estran's start the samples were in (the innermost frame of a known library or of Estran), and how many of
them were loading or linking classes. Used by scripts/bench-startup-production.sh (PROFILE=1)."""
import collections
import re
import sys

PARTS = [  # first match, innermost frame outwards
    ("org.flywaydb.", "Flyway (migrations check)"),
    ("org.quartz.", "Quartz (scheduler)"),
    ("io.fabric8.", "Fabric8 (cluster client)"),
    ("gg.jte.", "JTE (page templates)"),
    ("org.eclipse.jetty.", "Jetty/Javalin (HTTP server)"),
    ("io.javalin.", "Jetty/Javalin (HTTP server)"),
    ("com.zaxxer.hikari.", "Hikari/JDBC (pool)"),
    ("org.postgresql.", "Hikari/JDBC (pool)"),
    ("org.jdbi.", "Jdbi"),
    ("ch.qos.logback.", "Logback/SLF4J (logging)"),
    ("org.slf4j.", "Logback/SLF4J (logging)"),
    ("tools.jackson.", "Jackson"),
    ("com.fasterxml.jackson.", "Jackson"),
    ("io.micrometer.", "Micrometer/Prometheus (metrics)"),
    ("io.prometheus.", "Micrometer/Prometheus (metrics)"),
    ("org.snakeyaml.", "YAML (templates)"),
    ("org.yaml.", "YAML (templates)"),
    ("com.nimbusds.", "OIDC (Nimbus)"),
    ("org.bouncycastle.", "Bouncy Castle"),
    ("bzh.estran.", "Estran's own code"),
]
LOADING = re.compile(r"(java\.lang\.ClassLoader\.(defineClass|loadClass|findBootstrap)|jdk\.internal\.loader\.|"
                     r"java\.net\.URLClassLoader|java\.lang\.Class\.forName|java\.util\.jar\.|java\.util\.zip\.|"
                     r"java\.lang\.invoke\.(MethodHandleNatives\.linkCallSite|Invokers|LambdaForm)|"
                     r"java\.lang\.invoke\.InnerClassLambdaMetafactory)")

samples = []
thread, frames, in_stack = None, [], False
for line in sys.stdin:
    s = line.strip()
    if s.startswith("sampledThread"):
        m = re.search(r'"([^"]*)"', s)
        thread = m.group(1) if m else "?"
        thread = re.sub(r"\d+", "#", thread)
    elif s.startswith("stackTrace = ["):
        frames, in_stack = [], True
    elif in_stack and s == "]":
        in_stack = False
        samples.append((thread, frames))
    elif in_stack and s and s != "...":
        frames.append(s.split("(")[0])

by_thread = collections.defaultdict(collections.Counter)
loading = collections.Counter()
estran_steps = collections.Counter()
for thread, frames in samples:
    part = "JDK/other"
    for frame in frames:
        hit = next((name for prefix, name in PARTS if frame.startswith(prefix)), None)
        if hit:
            part = hit
            break
    by_thread[thread][part] += 1
    if any(LOADING.search(f) for f in frames):
        loading[thread] += 1
    if thread == "main":
        # the outermost Estran frame below Estran.start: which step of the start
        steps = [f for f in frames if f.startswith("bzh.estran.") and not f.startswith("bzh.estran.Main.")]
        if steps:
            inner_start = [f for f in steps if not f.startswith("bzh.estran.Estran.start")]
            estran_steps[(inner_start[-1] if inner_start else steps[-1]).replace("bzh.estran.", "")] += 1

total = sum(sum(c.values()) for c in by_thread.values())
print("%d samples (about 20 ms of running Java code each; waiting threads are not sampled)" % total)
for thread, parts in sorted(by_thread.items(), key=lambda kv: -sum(kv[1].values())):
    n = sum(parts.values())
    if n < max(3, total // 50):
        continue
    print("  thread %-34s %5d samples, %4.0f%% of them loading or linking classes" % (thread, n, 100.0 * loading[thread] / n))
    for part, k in parts.most_common(12):
        print("      %-44s %5d  %5.1f%%" % (part, k, 100.0 * k / n))
if estran_steps:
    print("  main thread, by Estran step (outermost Estran call under Estran.start):")
    n = sum(estran_steps.values())
    for step, k in estran_steps.most_common(12):
        print("      %-60s %5d  %5.1f%%" % (step, k, 100.0 * k / n))
