{{- define "cadre.env" -}}
- name: CADRE_ENVIRONMENT
  value: production
- name: CADRE_PUBLIC_URL
  value: {{ .Values.publicUrl | quote }}
- name: CADRE_HOST
  value: "0.0.0.0"
- name: CADRE_SEED
  value: none
- name: CADRE_LOG_JSON
  value: "true"
- name: CADRE_JOB_RUNNER
  value: procrastinate
- name: CADRE_RUN_SCHEDULER
  value: "false"
- name: CADRE_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .Release.Name }}-db-app, key: password}
{{- end -}}

{{- define "cadre.pooledDatabase" -}}
- name: CADRE_DATABASE_PGBOUNCER
  value: "true"
- name: CADRE_DATABASE_URL
  value: postgresql+asyncpg://app:$(CADRE_DB_PASSWORD)@{{ .Release.Name }}-db-pooler-rw:5432/app
- name: CADRE_DATABASE_READ_URL
  value: postgresql+asyncpg://app:$(CADRE_DB_PASSWORD)@{{ .Release.Name }}-db-pooler-ro:5432/app
{{- end -}}

{{- define "cadre.envFrom" -}}
- secretRef: {name: {{ .Values.secrets.name }}}
{{- end -}}

{{- define "cadre.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{- define "cadre.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities: {drop: [ALL]}
{{- end -}}
