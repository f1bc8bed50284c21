// Brings a claim's whole sentence into view and colours it when its anchor is the target.
function recoupeFocus(){
  var id=decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll('.s.target').forEach(function(e){e.classList.remove('target');});
  var a=id&&document.getElementById(id);
  if(!a||!a.dataset.claim){return;}
  var d=a.closest('details');
  if(d){d.open=true;}
  document.querySelectorAll('[data-s~="'+a.dataset.claim+'"]').forEach(function(e){
    e.classList.add('target');});
  a.scrollIntoView({block:'center'});
}
window.addEventListener('hashchange',recoupeFocus);
document.addEventListener('DOMContentLoaded',recoupeFocus);
