{{- define "cadre.env" -}}
- name: CADRE_ENVIRONMENT
  value: production
- name: CADRE_PUBLIC_URL
  value: {{ .Values.publicUrl | quote }}
- name: CADRE_HOST
  value: "0.0.0.0"
- name: CADRE_SEED
  value: none
- name: CADRE_DB_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Release.Name }}-db-app, key: password}}
- name: CADRE_DATABASE_URL
  value: postgresql+asyncpg://app:$(CADRE_DB_PASSWORD)@{{ .Release.Name }}-db-pooler-rw:5432/app
envFrom:
- secretRef: {name: {{ .Values.existingSecret }}}
{{- end -}}
