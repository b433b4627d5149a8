#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks packaging/kubernetes offline: the Indexed Job splits one load into as many shards as it runs pods,
every option it passes is one `ocworkbench-cli run` takes, its files come from the ConfigMap it mounts, and
the Containerfile installs the project's package on Debian 12. No cluster is needed (kubectl would need a
server for most checks). Usage: check_kubernetes.py KUBERNETES_DIR OCWORKBENCH_CLI"""
import re
import subprocess
import sys

import yaml

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def main(directory, cli):
    with open(f"{directory}/job.yaml", encoding="utf-8") as f:
        documents = [d for d in yaml.safe_load_all(f) if d]
    jobs = [d for d in documents if d.get("kind") == "Job"]
    check(len(jobs) == 1, f"job.yaml: expected one Job, found {len(jobs)}")
    if not jobs:
        return
    job = jobs[0]
    check(job.get("apiVersion") == "batch/v1", "job.yaml: apiVersion is not batch/v1")
    spec = job["spec"]
    check(spec.get("completionMode") == "Indexed", "job.yaml: completionMode is not Indexed")
    completions = spec.get("completions")
    check(isinstance(completions, int) and completions >= 1, "job.yaml: completions is not a whole number")
    check(spec.get("parallelism") == completions, "job.yaml: parallelism differs from completions: shards would not run together")
    check(spec.get("backoffLimit") == 0, "job.yaml: backoffLimit is not 0: a shard retried would send its share twice")
    pod = spec["template"]["spec"]
    check(pod.get("restartPolicy") == "Never", "job.yaml: restartPolicy is not Never")
    containers = pod.get("containers", [])
    check(len(containers) == 1, "job.yaml: expected one container")
    args = [str(a) for a in containers[0].get("args", [])]
    check(args[:1] == ["run"], f"job.yaml: the container does not run `run`: {args}")
    shard = args[args.index("--shard") + 1] if "--shard" in args else ""
    check(shard == f"$(JOB_COMPLETION_INDEX)/{completions}",
          f"job.yaml: --shard is {shard!r}, not $(JOB_COMPLETION_INDEX)/{completions}")

    # Every option given is one that `run` takes.
    accepted = set(re.findall(r"--[a-z][a-z-]*", subprocess.run([cli, "run", "--help"], capture_output=True, text=True, check=True).stdout))
    for option in (a for a in args if a.startswith("--")):
        check(option.split("=")[0] in accepted, f"job.yaml: `run` takes no {option}")

    # The files it reads come from the ConfigMap's volume.
    mounts = {m["name"]: m["mountPath"].rstrip("/") for m in containers[0].get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for option in ("--config", "--profile"):
        check(option in args, f"job.yaml: no {option}")
        if option not in args:
            continue
        path = args[args.index(option) + 1]
        directory_of, _, name = path.rpartition("/")
        volume = [v for v, mount in mounts.items() if mount == directory_of]
        check(len(volume) == 1, f"job.yaml: {path} is on no mounted volume")
        if len(volume) == 1:
            config_map = volumes.get(volume[0], {}).get("configMap", {})
            check(bool(config_map.get("name")), f"job.yaml: {path} is not from a ConfigMap")
            paths = [item["path"] for item in config_map.get("items", [])]
            check(name in paths, f"job.yaml: the ConfigMap's items do not give {name}")

    with open(f"{directory}/Containerfile", encoding="utf-8") as f:
        containerfile = f.read()
    check(re.search(r"^FROM \S*debian:12", containerfile, re.M) is not None, "Containerfile: not based on Debian 12")
    check("ocworkbench_" in containerfile and "apt-get install" in containerfile, "Containerfile: does not install the project's package")
    check(re.search(r'^ENTRYPOINT \["ocworkbench-cli"\]', containerfile, re.M) is not None, "Containerfile: entry point is not ocworkbench-cli")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    for failure in failures:
        print(failure, file=sys.stderr)
    print("packaging/kubernetes: " + ("FAILED" if failures else "ok"))
    sys.exit(1 if failures else 0)
