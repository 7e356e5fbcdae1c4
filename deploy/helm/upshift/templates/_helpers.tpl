{{/* The Job's name: the release name, with the chart name unless the release name holds it. At most 52
characters, so that the pods' host names (<job>-<index>) stay within 63. */}}
{{- define "upshift.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "upshift.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: fleet-migration
{{- end -}}

{{- define "upshift.labels" -}}
{{ include "upshift.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* The ConfigMap that holds the targets file: the user's existingConfigMap or the chart's own. */}}
{{- define "upshift.targetsConfigMap" -}}
{{- if .Values.existingConfigMap -}}
{{- .Values.existingConfigMap -}}
{{- else -}}
{{- printf "%s-targets" (include "upshift.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The key of the targets file in that ConfigMap. */}}
{{- define "upshift.targetsKey" -}}
{{- if .Values.existingConfigMap -}}
{{- .Values.existingConfigMapKey -}}
{{- else -}}
targets.yaml
{{- end -}}
{{- end -}}

{{/* Shards that may fail for good before the Job stops the others: maxFailedIndexes, or half the shards
rounded up. Never more than the shards. */}}
{{- define "upshift.maxFailedIndexes" -}}
{{- $shards := int .Values.shards -}}
{{- $max := 0 -}}
{{- if kindIs "invalid" .Values.maxFailedIndexes -}}
{{- $max = div (add $shards 1) 2 -}}
{{- else -}}
{{- $max = int .Values.maxFailedIndexes -}}
{{- end -}}
{{- if gt $max $shards -}}
{{- fail (printf "maxFailedIndexes (%d) must not exceed shards (%d)" $max $shards) -}}
{{- end -}}
{{- $max -}}
{{- end -}}
