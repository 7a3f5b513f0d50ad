// Entry point of the renderer (placeholder until the UI lands).
document.getElementById('app')!.textContent = 'Backprop Arena';
