// Posting a form to the REST API with a progress bar (XMLHttpRequest reports upload progress; fetch does not), and
// the API's error message for the user. Shared by the attachments panel and the metrics import.

/** The API's `{ error: { message } }`, or a plain message when something else (a proxy) answered. */
export function errorMessage(status: number, body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    // not our JSON: a proxy's error page
  }
  if (status === 413) return "The file is too large.";
  return `The request failed (HTTP ${status}).`;
}

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
