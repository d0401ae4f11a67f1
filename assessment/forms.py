from django import forms

MAX_FIXTURE_BYTES = 2 * 1024 * 1024


class DefinitionUploadForm(forms.Form):
    """Upload of a rubric or scheme file (YAML or JSON, UTF-8). Parsing and validation happen in the service."""

    file = forms.FileField(label="细则文件（YAML 或 JSON，UTF-8 编码）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FIXTURE_BYTES:
            raise forms.ValidationError("文件过大（不超过 2MB）")
        name = upload.name.lower()
        if not name.endswith((".yaml", ".yml", ".json")):
            raise forms.ValidationError("请上传 .yaml、.yml 或 .json 文件")
        return upload
