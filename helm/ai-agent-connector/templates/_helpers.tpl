{{/*
The chart name, or nameOverride; at most 63 characters (a DNS label).
*/}}
{{- define "ai-agent-connector.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: fullnameOverride, or the release name
alone when it already contains the chart name, or "<release>-<chart>".
Truncated to 63 characters because some Kubernetes name fields are limited to that.
*/}}
{{- define "ai-agent-connector.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The chart label value: "<name>-<version>", "+" replaced (not allowed in labels).
*/}}
{{- define "ai-agent-connector.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object: the chart's own, then commonLabels.
*/}}
{{- define "ai-agent-connector.labels" -}}
helm.sh/chart: {{ include "ai-agent-connector.chart" . }}
{{ include "ai-agent-connector.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The annotations of an object: its own annotations (a map, or none) and
commonAnnotations, the object's own winning a key in both, as a YAML map; ""
for none. Call with (dict "root" . "own" .Values.x.annotations).
*/}}
{{- define "ai-agent-connector.annotations" -}}
{{- with merge (dict) (.own | default dict) .root.Values.commonAnnotations }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels that select the release's pods; they never change across upgrades.
*/}}
{{- define "ai-agent-connector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ai-agent-connector.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of the `helm test` pod: not the selector labels, so that neither the Service
nor the chart's NetworkPolicy selects it (it reaches the Service like any client).
*/}}
{{- define "ai-agent-connector.testLabels" -}}
helm.sh/chart: {{ include "ai-agent-connector.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "ai-agent-connector.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ai-agent-connector.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The container image: "<repository>:<tag>", "@<digest>" appended when a digest is set.
The tag defaults to the chart's appVersion.
*/}}
{{- define "ai-agent-connector.image" -}}
{{- $image := printf "%s%s:%v" (include "ai-agent-connector.registryPrefix" .) .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- if .Values.image.digest }}
{{- $image = printf "%s@%s" $image .Values.image.digest }}
{{- end }}
{{- $image }}
{{- end }}

{{/*
The registry of the application's image, and a "/": global.imageRegistry (shared
by an umbrella chart with all its subcharts; the test pod's image uses it too), else
image.registry; "" for neither.
*/}}
{{- define "ai-agent-connector.registryPrefix" -}}
{{- with .Values.global.imageRegistry | default .Values.image.registry }}{{ . }}/{{ end }}
{{- end }}

{{/*
The pull secrets of every pod of the chart: global.imagePullSecrets, then
imagePullSecrets, as YAML list items; "" for none.
*/}}
{{- define "ai-agent-connector.imagePullSecrets" -}}
{{- with concat (.Values.global.imagePullSecrets | default list) .Values.imagePullSecrets }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/*
The Secret loaded into the container environment: the existing one, the one
this chart creates, or "" for none.
*/}}
{{- define "ai-agent-connector.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if .Values.secrets.create }}
{{- include "ai-agent-connector.fullname" . }}
{{- end }}
{{- end }}

{{/*
Checkov checks that cannot apply to these values, skipped with the reason
(checkov.io/skipN annotations; see the README's "Security").
*/}}
{{- define "ai-agent-connector.checkovSkips" -}}
{{- if not .Values.image.digest }}
checkov.io/skip1: CKV_K8S_43=The image is pinned by tag; set image.digest to pin it by digest
{{- end }}
{{- if include "ai-agent-connector.secretName" . }}
checkov.io/skip2: CKV_K8S_35=The application reads SECRET_KEY and ENCRYPTION_KEY from environment variables
{{- end }}
{{- if not .Values.networkPolicy.enabled }}
checkov.io/skip3: CKV2_K8S_6=NetworkPolicy is opt-in (networkPolicy.enabled)
{{- end }}
{{- end }}

{{/*
"true" when a PodDisruptionBudget is rendered: podDisruptionBudget.enabled when it is
true or false, else (null) exactly when autoscaling is on.
*/}}
{{- define "ai-agent-connector.pdbEnabled" -}}
{{- $asked := .Values.podDisruptionBudget.enabled }}
{{- if kindIs "invalid" $asked }}
{{- if .Values.autoscaling.enabled }}true{{ end }}
{{- else if $asked }}true{{ end }}
{{- end }}

{{/*
"true" when the Go templates render the objects (renderer.engine=helm); with
renderer.engine=wasm they render only the RenderRequest for `aac post-render`.
*/}}
{{- define "ai-agent-connector.goTemplates" -}}
{{- if eq (toString .Values.renderer.engine) "helm" }}true{{ end }}
{{- end }}

{{/*
.Values as typed JSON, for the RenderRequest (renderer.engine=wasm). `toJson`
writes an int64 (`--set image.tag=1000000`) and a float64 (`tag: 1000000` in a
values file) alike, yet the templates print them differently (1000000, 1e+06),
and an int64 above 2^53 would not survive a float64 reading. Here a float64
always has a fraction or an exponent (`1000000.0`, `1e+21`) and an integer never
has one, so `aac post-render` reads each back as the type Helm holds; every
other value is `toJson`'s text (map keys in Go's sorted order, as `toJson`). It
is still JSON: any reader gets the same numbers. Only the top is `include`d (to
pipe it to b64enc); the recursion uses `template`, which writes into the same
buffer and is bounded by Go's template depth (100000), not by `include`'s
1000 nested calls of one name.
*/}}
{{- define "ai-agent-connector.typedValues" -}}
{{- template "ai-agent-connector.typedJson" . }}
{{- end }}

{{- define "ai-agent-connector.typedJson" -}}
{{- $kind := kindOf . }}
{{- if eq $kind "map" }}
{{- "{" }}{{ $sep := "" }}{{ range $key, $value := . }}{{ $sep }}{{ toJson $key }}:{{ template "ai-agent-connector.typedJson" $value }}{{ $sep = "," }}{{ end }}{{ "}" }}
{{- else if eq $kind "slice" }}
{{- "[" }}{{ range $i, $value := . }}{{ if $i }},{{ end }}{{ template "ai-agent-connector.typedJson" $value }}{{ end }}{{ "]" }}
{{- else if eq $kind "float64" "float32" }}
{{- $json := toJson . }}{{ $json }}{{ if not (or (contains "." $json) (contains "e" $json)) }}.0{{ end }}
{{- else }}
{{- toJson . }}
{{- end }}
{{- end }}

{{/*
An HTTP GET probe on the health endpoint. Call with (dict "probe" .Values.healthCheck.xProbe "port" .Values.containerPort).
*/}}
{{- define "ai-agent-connector.httpProbe" -}}
httpGet:
  path: {{ .probe.path }}
  port: {{ .port }}
  scheme: HTTP
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
successThreshold: {{ .probe.successThreshold }}
{{- end }}

{{/*
A map key as a segment of a values path in --set syntax: backslash, ".", "[",
"=" and "," escaped with a backslash (aac-core's ValuesPath).
*/}}
{{- define "ai-agent-connector.pathKey" -}}
{{- . | replace "\\" "\\\\" | replace "." "\\." | replace "[" "\\[" | replace "=" "\\=" | replace "," "\\," }}
{{- end }}

{{/*
The values paths (one a line, in --set syntax) of the keys and strings under
.value that contain "{{", which Helm's tpl would run as a template.
*/}}
{{- define "ai-agent-connector.templatedPaths" -}}
{{- $path := .path }}
{{- if kindIs "map" .value }}
{{- range $key, $value := .value }}
{{- $keyPath := printf "%s.%s" $path (include "ai-agent-connector.pathKey" $key) }}
{{- if contains "{{" $key }}{{ $keyPath }}{{ "\n" }}{{ end }}
{{- include "ai-agent-connector.templatedPaths" (dict "path" $keyPath "value" $value) }}
{{- end }}
{{- else if kindIs "slice" .value }}
{{- range $i, $item := .value }}
{{- include "ai-agent-connector.templatedPaths" (dict "path" (printf "%s[%d]" $path $i) "value" $item) }}
{{- end }}
{{- else if and (kindIs "string" .value) (contains "{{" .value) }}
{{- $path }}{{ "\n" }}
{{- end }}
{{- end }}

{{/*
Checks across values that the schema cannot express. Every problem is
reported at once, each line starting with its values path in --set syntax.
aac-core refuses the same values with the same messages.
*/}}
{{- define "ai-agent-connector.validate" -}}
{{- $errors := list }}
{{- $v := .Values }}
{{- if not (has (toString $v.renderer.engine) (list "helm" "wasm")) }}
{{- $errors = append $errors (printf "renderer.engine: must be \"helm\" or \"wasm\", got %q" (toString $v.renderer.engine)) }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt (float64 $v.autoscaling.minReplicas) (float64 $v.autoscaling.maxReplicas)) }}
{{- $errors = append $errors (printf "autoscaling.minReplicas: must be <= autoscaling.maxReplicas (%v), got %v" $v.autoscaling.maxReplicas $v.autoscaling.minReplicas) }}
{{- end }}
{{- if and $v.autoscaling.enabled (kindIs "invalid" $v.autoscaling.targetCPUUtilizationPercentage) (kindIs "invalid" $v.autoscaling.targetMemoryUtilizationPercentage) }}
{{- $errors = append $errors "autoscaling.targetCPUUtilizationPercentage: autoscaling needs a CPU or a memory target, both are null" }}
{{- end }}
{{- range $name := list "livenessProbe" "readinessProbe" "startupProbe" }}
{{- $probe := index $v.healthCheck $name }}
{{- if and $probe.enabled (ge (float64 $probe.timeoutSeconds) (float64 $probe.periodSeconds)) }}
{{- $errors = append $errors (printf "healthCheck.%s.timeoutSeconds: must be less than healthCheck.%s.periodSeconds (%v), got %v" $name $name $probe.periodSeconds $probe.timeoutSeconds) }}
{{- end }}
{{- if and $probe.enabled (ne $name "readinessProbe") (ne (float64 $probe.successThreshold) 1.0) }}
{{- $errors = append $errors (printf "healthCheck.%s.successThreshold: must be 1, got %v" $name $probe.successThreshold) }}
{{- end }}
{{- end }}
{{- if and (not (kindIs "invalid" $v.service.nodePort)) (not (has (toString $v.service.type) (list "NodePort" "LoadBalancer"))) }}
{{- $errors = append $errors (printf "service.nodePort: needs service.type NodePort or LoadBalancer, got service.type %q" (toString $v.service.type)) }}
{{- end }}
{{- if $v.ingress.enabled }}
{{- $hosts := list }}
{{- range $v.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- range $i, $tls := $v.ingress.tls }}
{{- range $j, $host := $tls.hosts }}
{{- if not (has $host $hosts) }}
{{- $errors = append $errors (printf "ingress.tls[%d].hosts[%d]: %q is not among ingress.hosts" $i $j $host) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $v.secrets.create $v.secrets.existingSecret }}
{{- $errors = append $errors (printf "secrets.existingSecret: cannot be used with secrets.create=true; set one of them") }}
{{- end }}
{{- if include "ai-agent-connector.pdbEnabled" . }}
{{- $pdb := $v.podDisruptionBudget }}
{{- $hasMin := not (kindIs "invalid" $pdb.minAvailable) }}
{{- $hasMax := not (kindIs "invalid" $pdb.maxUnavailable) }}
{{- $replicas := $v.replicaCount }}
{{- if $v.autoscaling.enabled }}{{ $replicas = $v.autoscaling.minReplicas }}{{ end }}
{{- if $hasMax }}
{{- if or (eq (toString $pdb.maxUnavailable) "0") (eq (toString $pdb.maxUnavailable) "0%") }}
{{- $errors = append $errors (printf "podDisruptionBudget.maxUnavailable: %v blocks every voluntary eviction (node drains would hang)" $pdb.maxUnavailable) }}
{{- end }}
{{- else if $hasMin }}
{{- if kindIs "string" $pdb.minAvailable }}
{{- if eq $pdb.minAvailable "100%" }}
{{- $errors = append $errors "podDisruptionBudget.minAvailable: 100% blocks every voluntary eviction (node drains would hang)" }}
{{- end }}
{{- else if ge (float64 $pdb.minAvailable) (float64 $replicas) }}
{{- $errors = append $errors (printf "podDisruptionBudget.minAvailable: %v blocks every voluntary eviction with %v replicas; use fewer than %s, or podDisruptionBudget.enabled=false for no budget" $pdb.minAvailable $replicas (ternary "autoscaling.minReplicas" "replicaCount" $v.autoscaling.enabled)) }}
{{- end }}
{{- else }}
{{- $errors = append $errors "podDisruptionBudget.minAvailable: set minAvailable or maxUnavailable, both are null" }}
{{- end }}
{{- end }}
{{- range $key := list "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" }}
{{- if hasKey $v.podLabels $key }}
{{- $errors = append $errors (printf "podLabels.%s: is one of the chart's own labels (they select the pods and track the release); remove it" ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- range $key := list "checksum/config" "checksum/secret" }}
{{- if hasKey $v.podAnnotations $key }}
{{- $errors = append $errors (printf "podAnnotations.%s: is one of the chart's own annotations (it rolls the pods when the configuration changes); remove it" $key) }}
{{- end }}
{{- end }}
{{- range $key := list "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" }}
{{- if hasKey $v.metrics.serviceMonitor.labels $key }}
{{- $errors = append $errors (printf "metrics.serviceMonitor.labels.%s: is one of the chart's own labels; remove it" ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- range $key := list "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" }}
{{- if hasKey $v.service.labels $key }}
{{- $errors = append $errors (printf "service.labels.%s: is one of the chart's own labels; remove it" ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- range $name := list "podMonitor" "prometheusRule" }}
{{- $labels := (index $v.metrics $name).labels }}
{{- range $key := list "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" }}
{{- if hasKey $labels $key }}
{{- $errors = append $errors (printf "metrics.%s.labels.%s: is one of the chart's own labels; remove it" $name ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key := list "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" "app.kubernetes.io/component" }}
{{- if hasKey $v.commonLabels $key }}
{{- $errors = append $errors (printf "commonLabels.%s: is one of the chart's own labels; remove it" ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- range $name, $labels := dict "podLabels" $v.podLabels "service.labels" $v.service.labels "metrics.serviceMonitor.labels" $v.metrics.serviceMonitor.labels "metrics.podMonitor.labels" $v.metrics.podMonitor.labels "metrics.prometheusRule.labels" $v.metrics.prometheusRule.labels }}
{{- range $key, $_ := $labels }}
{{- if hasKey $v.commonLabels $key }}
{{- $errors = append $errors (printf "%s.%s: is also in commonLabels (the object would carry the label twice); set it in one of them" $name (include "ai-agent-connector.pathKey" $key)) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key := list "helm.sh/hook" "helm.sh/hook-weight" "helm.sh/hook-delete-policy" "checkov.io/skip1" "checkov.io/skip2" "checkov.io/skip3" "checkov.io/skip4" }}
{{- if hasKey $v.commonAnnotations $key }}
{{- $errors = append $errors (printf "commonAnnotations.%s: is one of the chart's own annotations (Helm hooks, checkov skips); remove it" ($key | replace "." "\\.")) }}
{{- end }}
{{- end }}
{{- if and $v.service.externalTrafficPolicy (not (has (toString $v.service.type) (list "NodePort" "LoadBalancer"))) }}
{{- $errors = append $errors (printf "service.externalTrafficPolicy: needs service.type NodePort or LoadBalancer, got service.type %q" (toString $v.service.type)) }}
{{- end }}
{{- if and $v.service.loadBalancerClass (ne (toString $v.service.type) "LoadBalancer") }}
{{- $errors = append $errors (printf "service.loadBalancerClass: needs service.type LoadBalancer, got service.type %q" (toString $v.service.type)) }}
{{- end }}
{{- if $v.httpRoute.enabled }}
{{- if not $v.httpRoute.parentRefs }}
{{- $errors = append $errors "httpRoute.parentRefs: an HTTPRoute needs at least one Gateway to attach to" }}
{{- end }}
{{- if not $v.httpRoute.rules }}
{{- $errors = append $errors "httpRoute.rules: an HTTPRoute needs at least one rule, e.g. [{matches: [{path: {type: PathPrefix, value: /}}]}]" }}
{{- end }}
{{- end }}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) }}
{{- $errors = append $errors "metrics.serviceMonitor.enabled: needs metrics.enabled=true (the application must serve metrics)" }}
{{- end }}
{{- if $v.metrics.podMonitor.enabled }}
{{- if not $v.metrics.enabled }}
{{- $errors = append $errors "metrics.podMonitor.enabled: needs metrics.enabled=true (the application must serve metrics)" }}
{{- end }}
{{- if $v.metrics.serviceMonitor.enabled }}
{{- $errors = append $errors "metrics.podMonitor.enabled: cannot be used with metrics.serviceMonitor.enabled=true (Prometheus would scrape each pod twice); enable one of them" }}
{{- end }}
{{- end }}
{{- if $v.metrics.prometheusRule.enabled }}
{{- if and (not $v.metrics.prometheusRule.defaultRules) (not $v.metrics.prometheusRule.rules) }}
{{- $errors = append $errors "metrics.prometheusRule.rules: a PrometheusRule needs at least one rule; set metrics.prometheusRule.defaultRules=true or add rules" }}
{{- end }}
{{- range $i, $rule := $v.metrics.prometheusRule.rules }}
{{- if eq (kindIs "invalid" $rule.alert) (kindIs "invalid" $rule.record) }}
{{- $errors = append $errors (printf "metrics.prometheusRule.rules[%d].alert: set one of alert (an alerting rule) and record (a recording rule)" $i) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $v.networkPolicy.enabled (not $v.networkPolicy.ingress.namespaceIsolation) (not $v.networkPolicy.ingress.extraRules) (not (and $v.metrics.enabled $v.metrics.scrapeFromNamespace)) }}
{{- $errors = append $errors "networkPolicy.ingress.namespaceIsolation: false with no networkPolicy.ingress.extraRules denies all ingress to the pods; add extraRules or set namespaceIsolation=true" }}
{{- end }}
{{- with $v.configmap.data }}
{{- if and (hasKey . "PORT") (ne (toString .PORT) (toString $v.containerPort)) }}
{{- $errors = append $errors (printf "configmap.data.PORT: must equal containerPort (%v) or be left out (the chart sets PORT from containerPort), got %q" $v.containerPort (toString .PORT)) }}
{{- end }}
{{- end }}
{{- range $i, $e := $v.env }}
{{- if eq (toString $e.name) "PORT" }}
{{- $errors = append $errors (printf "env[%d].name: PORT is set by the chart from containerPort; set containerPort instead" $i) }}
{{- end }}
{{- end }}
{{- /* Fields newer than the chart's kubeVersion, refused for an older target: [path, first version, feature gate]. */}}
{{- $gated := list }}
{{- if $v.autoscaling.enabled }}
{{- range $direction := list "scaleDown" "scaleUp" }}
{{- $rules := index ($v.autoscaling.behavior | default dict) $direction }}
{{- if and $rules (not (kindIs "invalid" $rules.tolerance)) }}
{{- $gated = append $gated (list (printf "autoscaling.behavior.%s.tolerance" $direction) "1.33" "HPAConfigurableTolerance") }}
{{- end }}
{{- end }}
{{- end }}
{{- if not (kindIs "invalid" $v.podSecurityContext.seLinuxChangePolicy) }}
{{- $gated = append $gated (list "podSecurityContext.seLinuxChangePolicy" "1.32" "SELinuxChangePolicy") }}
{{- end }}
{{- range $i, $volume := $v.extraVolumes }}
{{- if not (kindIs "invalid" $volume.image) }}
{{- $gated = append $gated (list (printf "extraVolumes[%d].image" $i) "1.31" "ImageVolume") }}
{{- end }}
{{- end }}
{{- $lifecycles := list (list "lifecycle" $v.lifecycle) }}
{{- range $list := list "initContainers" "sidecars" }}
{{- range $i, $container := index $v $list }}
{{- $lifecycles = append $lifecycles (list (printf "%s[%d].lifecycle" $list $i) $container.lifecycle) }}
{{- end }}
{{- end }}
{{- range $entry := $lifecycles }}
{{- $path := index $entry 0 }}
{{- $lifecycle := index $entry 1 }}
{{- if kindIs "map" $lifecycle }}
{{- range $hook := list "postStart" "preStop" }}
{{- $handler := index $lifecycle $hook }}
{{- if and (kindIs "map" $handler) (not (kindIs "invalid" (index $handler "sleep"))) }}
{{- $gated = append $gated (list (printf "%s.%s.sleep" $path $hook) "1.30" "PodLifecycleSleepAction") }}
{{- end }}
{{- end }}
{{- if not (kindIs "invalid" (index $lifecycle "stopSignal")) }}
{{- $gated = append $gated (list (printf "%s.stopSignal" $path) "1.33" "ContainerStopSignals") }}
{{- end }}
{{- end }}
{{- end }}
{{- range $gate := list (list "initContainers" "1.29" "SidecarContainers") (list "sidecars" "1.34" "ContainerRestartRules") }}
{{- range $i, $container := index $v (index $gate 0) }}
{{- if not (kindIs "invalid" $container.restartPolicy) }}
{{- $gated = append $gated (list (printf "%s[%d].restartPolicy" (index $gate 0) $i) (index $gate 1) (index $gate 2)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $kube := .Capabilities.KubeVersion.Version }}
{{- range $field := $gated }}
{{- if not (semverCompare (printf ">=%s.0-0" (index $field 1)) $kube) }}
{{- $errors = append $errors (printf "%s: needs Kubernetes %s or later (feature gate %s), but the target is Kubernetes %s (--kube-version, or the cluster's on install)" (index $field 0) (index $field 1) (index $field 2) $kube) }}
{{- end }}
{{- end }}
{{- range $i, $object := $v.extraObjects }}
{{- if hasKey ($object.metadata.annotations | default dict) "helm.sh/hook" }}
{{- $errors = append $errors (printf "extraObjects[%d].metadata.annotations.helm\\.sh/hook: extraObjects are installed with the release, not as Helm hooks; write the hook as a template of a parent chart" $i) }}
{{- end }}
{{- if not (include "ai-agent-connector.goTemplates" $) }}
{{- range $path := splitList "\n" (include "ai-agent-connector.templatedPaths" (dict "path" (printf "extraObjects[%d]" $i) "value" $object)) }}
{{- if $path }}
{{- $errors = append $errors (printf "%s: contains \"{{\", a template for Helm's tpl, which aac does not run; write the value out, or render with helm template and renderer.engine=helm" $path) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if regexMatch "[\\x{7f}-\\x{84}\\x{86}-\\x{9f}\\x{fffe}\\x{ffff}]" (toJson $v) }}
{{- $errors = append $errors "values: a key or string contains a control character (U+007F-U+009F but U+0085, U+FFFE or U+FFFF) that Helm cannot write as YAML" }}
{{- end }}
{{- if $errors }}
{{- fail (printf "invalid values:\n%s" (join "\n" $errors)) }}
{{- end }}
{{- end }}
