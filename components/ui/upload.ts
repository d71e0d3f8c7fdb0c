// Posting a form to the REST API with a progress bar (XMLHttpRequest reports upload progress; fetch does not). Shared
// by the attachment upload and the metrics import.
import { errorMessage } from "@/components/ui/api-error";

export type UploadEvents = {
  /** 0 when the upload starts, then as the browser sends the body */
  progress(percent: number): void;
  /** the whole body is sent; the server is still working on it */
  sent?(): void;
  /** the server answered 201 Created, with this body */
  created(body: string): void;
  /** why nothing was stored: the server's refusal, a lost connection, or a cancel (`abort()` on the returned request) */
  failed(message: string): void;
};

export function postWithProgress(url: string, form: FormData, on: UploadEvents): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  xhr.open("POST", url);
  xhr.upload.onprogress = (progress) => {
    if (progress.lengthComputable) on.progress(Math.floor((progress.loaded / progress.total) * 100));
  };
  if (on.sent) xhr.upload.onload = () => on.sent?.();
  xhr.onload = () => (xhr.status === 201 ? on.created(xhr.responseText) : on.failed(errorMessage(xhr.status, xhr.responseText)));
  xhr.onerror = () => on.failed("The upload failed: the connection was lost. Nothing was stored.");
  xhr.onabort = () => on.failed("Upload cancelled. Nothing was stored.");
  on.progress(0);
  xhr.send(form);
  return xhr;
}
