{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "estran.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's objects: the release name, with the chart name unless it already holds it.
*/}}
{{- define "estran.fullname" -}}
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

{{- define "estran.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels, on every object. */}}
{{- define "estran.labels" -}}
helm.sh/chart: {{ include "estran.chart" . }}
{{ include "estran.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: control-plane
app.kubernetes.io/part-of: estran
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the release's pods; never change them (Deployment selectors are immutable). */}}
{{- define "estran.selectorLabels" -}}
app.kubernetes.io/name: {{ include "estran.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "estran.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "estran.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "estran.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Variables the chart sets itself, which `config` may not override.
*/}}
{{- define "estran.reservedEnv" -}}
ESTRAN_MODE ESTRAN_HTTP_PORT ESTRAN_DATA_DIR ESTRAN_TEMPLATES_DIR ESTRAN_DATABASE_URL ESTRAN_DATABASE_USER ESTRAN_DATABASE_PASSWORD ESTRAN_DATABASE_POOL_SIZE ESTRAN_BOOTSTRAP_TOKEN ESTRAN_METRICS_TOKEN ESTRAN_KUBE_PUBLIC_URL ESTRAN_PUBLIC_URL ESTRAN_SMTP_HOST ESTRAN_SMTP_PORT ESTRAN_SMTP_TLS ESTRAN_SMTP_USER ESTRAN_SMTP_PASSWORD ESTRAN_MAIL_FROM ESTRAN_DATASET_LOADER_URL ESTRAN_CONTROL_PLANE_NAMESPACE ESTRAN_CONTROL_PLANE_POD_LABELS
{{- end }}

{{/*
Fails an install or upgrade that lacks what production mode needs. `helm lint` (neither an install nor an
upgrade) renders the default values, so it is spared.
*/}}
{{- define "estran.validate" -}}
{{- if or .Release.IsInstall .Release.IsUpgrade }}
{{- if not .Values.database.url }}
{{- fail "database.url is required: the JDBC URL of PostgreSQL, e.g. --set database.url=jdbc:postgresql://postgres:5432/estran" }}
{{- end }}
{{- if not .Values.database.passwordSecret.name }}
{{- fail "database.passwordSecret.name is required: an existing Secret holding the database password (key database.passwordSecret.key)" }}
{{- end }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.tokenSecret.name) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.tokenSecret.name: the Secret holding the scrape token /metrics asks for" }}
{{- end }}
{{- $reserved := splitList " " (include "estran.reservedEnv" .) }}
{{- range $key, $value := .Values.config }}
{{- if not (regexMatch "^ESTRAN_[A-Z0-9_]+$" $key) }}
{{- fail (printf "config.%s: only ESTRAN_* variables may be set through config" $key) }}
{{- end }}
{{- if has $key $reserved }}
{{- fail (printf "config.%s is set by the chart: use its dedicated value instead (see values.yaml)" $key) }}
{{- end }}
{{- end }}
{{- end }}
